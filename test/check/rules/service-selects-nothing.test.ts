import { check, rules, service } from '../_fixtures';

const NS = 'shop';

describe('service-selects-nothing', () => {
  test('a Service that selects no pod template is a warning', () => {
    expect(rules(check([], [service('api', { app: 'nope' }, NS)]))).toEqual(['warning service-selects-nothing Service shop/api']);
  });
});
