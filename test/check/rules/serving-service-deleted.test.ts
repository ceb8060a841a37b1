import { judge, WEB } from '../_yaml';

const INTERNAL = `${WEB}---\napiVersion: v1\nkind: Service\nmetadata: {name: web-internal, namespace: storefront}\nspec: {selector: {tier: frontend}, ports: [{port: 8080}]}\n`;

describe('serving-service-deleted', () => {
  test('a Service deleted while its pods keep serving', () => {
    const [f, ...rest] = judge(INTERNAL, WEB);
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ rule: 'serving-service-deleted', severity: 'error', object: 'Service storefront/web-internal' });
    expect(f.message).toMatch(/Deployment storefront\/web keeps serving behind it.*web-internal/);
    expect(f.fix).toMatch(/--allow-removal Service\/web-internal/);
  });

  test('safe when the user says so', () => {
    expect(judge(INTERNAL, WEB, { allowRemoval: ['Service/web-internal'] })).toEqual([]);
    expect(judge(INTERNAL, WEB, { allowRemoval: ['service/storefront/web-internal'] })).toEqual([]);
  });
});
