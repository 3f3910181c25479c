import { pushMigrationSupport } from './push-support';

describe('pushMigrationSupport', () => {
  it.each([
    ['opsmanager', '4.4.29', 'deprecated'],
    ['opsmanager', '5.0.26', 'deprecated'],
    ['opsmanager', '6.0.0', 'unsupported'],
    ['opsmanager', '6.0.15', 'unsupported'],
    ['opsmanager', '7.0.12', 'unsupported'],
    ['cloudmanager', '5.0.28', 'supported'],
    ['cloudmanager', '6.0.16', 'unsupported'],
    ['cloudmanager', '6.0.17', 'supported'],
    ['cloudmanager', '7.0.12', 'unsupported'],
    ['cloudmanager', '7.0.13', 'supported'],
    ['cloudmanager', '8.0.4', 'supported'],
    ['cloudmanager', 'banana', 'unsupported'],
  ] as const)('%s %s → %s', (source, version, level) => {
    const support = pushMigrationSupport(source, version);
    expect(support.level).toBe(level);
    if (support.level !== 'supported') expect(support.reason.length).toBeGreaterThan(10);
  });

  it('says what to do in its reason', () => {
    const om = pushMigrationSupport('opsmanager', '7.0.12');
    expect(om.level !== 'supported' && om.reason).toMatch(/Cloud Manager/);
    const cm = pushMigrationSupport('cloudmanager', '6.0.16');
    expect(cm.level !== 'supported' && cm.reason).toMatch(/6\.0\.17/);
  });
});
