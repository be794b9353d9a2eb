// The extension's team publishing decision: off by default, trusted workspaces only, no password in settings.
import assert from 'node:assert/strict';
import { publishPlan } from '../../../src/extension/team/publisherRunner';

const base = { url: 'postgresql://loki@db.example/loki', machine: '', trusted: true, password: undefined, hostname: 'dev-box' };

describe('team publishing plan', () => {
  it('is off when no database URL is set (the default), without a message', () => {
    assert.deepEqual(publishPlan({ ...base, url: '' }), { start: false, reason: null });
    assert.deepEqual(publishPlan({ ...base, url: '   ' }), { start: false, reason: null });
  });
  it('publishes as the host name unless a machine name is set, with the password from SecretStorage', () => {
    assert.deepEqual(publishPlan(base), { start: true, url: base.url, password: undefined, machine: 'dev-box' });
    assert.deepEqual(publishPlan({ ...base, machine: 'alice-laptop', password: 's3cret' }), { start: true, url: base.url, password: 's3cret', machine: 'alice-laptop' });
  });
  it('never publishes in Restricted Mode', () => {
    const plan = publishPlan({ ...base, trusted: false });
    assert.equal(plan.start, false);
    assert.match(plan.start ? '' : plan.reason ?? '', /Restricted Mode/);
  });
  it('refuses a password written into the settings URL, a non-PostgreSQL URL and a bad machine name, saying why', () => {
    const reason = (p: ReturnType<typeof publishPlan>): string => (p.start ? 'started' : p.reason ?? 'off');
    assert.match(reason(publishPlan({ ...base, url: 'postgresql://loki:hunter2@db/loki' })), /contains a password.*SecretStorage/);
    assert.match(reason(publishPlan({ ...base, url: 'mysql://db/loki' })), /postgresql:\/\//);
    assert.match(reason(publishPlan({ ...base, url: 'not a url' })), /not a URL/);
    assert.match(reason(publishPlan({ ...base, machine: 'bad name!' })), /machine/);
  });
});
