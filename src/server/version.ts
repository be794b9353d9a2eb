// The package version, reported by /health, /api/status and the OpenAPI document.
// A named JSON import: esbuild keeps only this one field of package.json in the bundles.
import { version } from '../../package.json';

/** Version of this extension / CLI. */
export const PACKAGE_VERSION: string = version;
