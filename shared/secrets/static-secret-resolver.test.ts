import { createStaticSecretResolver } from './static-secret-resolver';

describe('static secret resolver', () => {
  const resolver = createStaticSecretResolver({ 'ssm:/imgfront/key': 'k1', 'secretsmanager:origin': 'k2' });

  it('resolves SSM and Secrets Manager references by their keys', async () => {
    await expect(resolver.resolve({ source: 'ssm', name: '/imgfront/key' })).resolves.toBe('k1');
    await expect(resolver.resolve({ source: 'secretsmanager', id: 'origin' })).resolves.toBe('k2');
  });

  it('does not confuse the two stores', async () => {
    await expect(resolver.resolve({ source: 'ssm', name: 'origin' })).rejects.toMatchObject({
      code: 'UNIDENTIFIED',
      message: 'Internal error',
      internal: 'secret ssm:origin: not in the static secret map',
    });
  });
});
