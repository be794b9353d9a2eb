import assert from 'node:assert/strict';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { SAMPLE_PRD, storiesFromPrd } from '../../../src/simulator/prd';

describe('simulator: PRD stories', () => {
  it('turns ## and ### headings into prd-NNN stories, skipping descriptive sections', async () => {
    const stories = storiesFromPrd(await fs.readFile(path.resolve(__dirname, '../../fixtures/prd/todo-app.md'), 'utf8'));
    assert.deepEqual(stories.map(s => [s.id, s.title, s.priority]), [
      ['prd-001', 'User login', 'high'], ['prd-002', 'Create todos', 'high'], ['prd-003', 'Complete todos', 'medium'], ['prd-004', 'Filter by owner', 'low'],
    ]);
    const login = stories[0];
    assert.equal(login?.project, 'PRD: Team Todo Board');
    assert.equal(login?.status, 'pending');
    assert.equal(login?.source, 'prd');
    assert.match(login?.description ?? '', /^User login\nUsers sign in/);
    assert.equal(login?.user_story, 'As a user, I want to user login, so that the product delivers its core value.');
  });

  it('takes the items of a Requirements list as stories, as the real fixture PRD has them', () => {
    const stories = storiesFromPrd('# PRD: CLI todo app\n\n## Requirements\n1. add prints an id.\n2. list prints items.\n\n## Notes\n- none\n');
    assert.deepEqual(stories.map(s => s.title), ['add prints an id.', 'list prints items.']);
    assert.deepEqual(stories[1]?.acceptance_criteria, ['list prints items.']);
  });

  it('has a built-in sample with five stories and copes with a PRD without headings', () => {
    assert.equal(storiesFromPrd(SAMPLE_PRD).length, 5);
    assert.deepEqual(storiesFromPrd('just text, no headings'), []);
  });
});
