// Turns a PRD into queue stories the way `populate_prd_queue` does (run.sh:21342-21356, literal keys).

/** A PRD story record as the runner writes it into `queue/pending.json`. */
export interface PrdStory {
  id: string;
  title: string;
  description: string;
  priority: 'high' | 'medium' | 'low';
  status: 'pending';
  source: 'prd';
  project: string;
  acceptance_criteria: string[];
  user_story: string;
}

/** Used when no `--prd` is given; written to `.loki/generated-prd.md` as the runner does for PRD-less starts. */
export const SAMPLE_PRD = `# PRD: CLI todo app

Build a CLI todo app in Python with \`add\`, \`list\` and \`done\` commands and tests.

## Add items
- \`python3 todo.py add "<text>"\` adds an item and prints its id

## List items
- \`python3 todo.py list\` prints all items with a done marker

## Complete items
- \`python3 todo.py done <id>\` marks an item done; unknown ids exit non-zero

## Persistence
- Items persist in a JSON file in the working directory

## Tests
- Unit tests cover add, list, done and the error case; \`python3 -m pytest -q\` passes
`;

/** Sections that describe the product rather than ask for work. */
const NOT_A_STORY = /^(overview|introduction|background|summary|context|goals?|non[- ]goals?|notes?|appendix|out of scope|tech(nology)? stack|references|glossary|open questions)$/i;
/** Sections whose list items are the stories themselves (the fixture PRD has a numbered "Requirements" list). */
const LIST_OF_STORIES = /^(requirements?|features?|user stories|stories|scope|functional requirements)$/i;

const LIST_ITEM = /^\s*(?:[-*+]|\d+[.)])\s+(.+?)\s*$/;

/** Extracts stories from `##`/`###` headings (or the items of a Requirements list); ids `prd-001`… in order. */
export function storiesFromPrd(markdown: string): PrdStory[] {
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  const project = (lines.find(l => /^#\s+/.test(l)) ?? '# Project').replace(/^#\s+/, '').trim();
  const sections: Array<{ heading: string; body: string[] }> = [];
  for (const line of lines) {
    const h = /^#{2,3}\s+(.+?)\s*#*\s*$/.exec(line);
    if (h?.[1]) sections.push({ heading: h[1].trim(), body: [] });
    else sections.at(-1)?.body.push(line);
  }
  const raw: Array<{ title: string; body: string; criteria: string[] }> = [];
  for (const s of sections) {
    const items = s.body.map(l => LIST_ITEM.exec(l)?.[1]).filter((x): x is string => !!x);
    if (LIST_OF_STORIES.test(s.heading) && items.length) {
      for (const item of items) raw.push({ title: item, body: s.body.join('\n').trim(), criteria: [item] });
    } else if (!NOT_A_STORY.test(s.heading)) {
      raw.push({ title: s.heading, body: s.body.join('\n').trim(), criteria: items.slice(0, 10) });
    }
  }
  const n = raw.length;
  return raw.map((r, i) => ({
    id: `prd-${String(i + 1).padStart(3, '0')}`,
    title: r.title,
    description: `${r.title}\n${r.body.slice(0, 500)}`.trim(),
    priority: i < Math.round(n * 0.4) ? 'high' : i < Math.round(n * 0.8) ? 'medium' : 'low',
    status: 'pending',
    source: 'prd',
    project,
    acceptance_criteria: r.criteria,
    user_story: `As a user, I want to ${lowerFirst(r.title.replace(/[.!]+$/, ''))}, so that the product delivers its core value.`,
  }));
}

function lowerFirst(s: string): string {
  return s.charAt(0).toLowerCase() + s.slice(1);
}
