// Everything the board's first paint does not need, loaded as one chunk by lazyParts.ts.
export { AgentsTab } from './AgentsTab';
export { LogsTab } from './LogsTab';
export { QualityTab } from './QualityTab';
export { InsightsTab } from './insights/InsightsTab';
export { CardDetail } from './CardDetail';
