import { Size } from 'cdk8s';
import * as kplus33 from 'cdk8s-plus-33';
import { Cpu, GracefulDeployment, Probe } from '../../src';
import { chart, only, synthValid } from '../support/manifests';

describe('Cpu and ContainerResources', () => {
  test('Cpu writes the quantity cdk8s-plus-33 writes', () => {
    expect([Cpu.millis(250).amount, Cpu.units(1).amount, Cpu.units(0.5).amount])
      .toEqual([kplus33.Cpu.millis(250).amount, kplus33.Cpu.units(1).amount, kplus33.Cpu.units(0.5).amount]);
    expect(Cpu.millis(250).amount).toBe('250m');
  });

  test('requests and limits reach the container', () => {
    const c = chart();
    new GracefulDeployment(c, 'api', {
      app: 'api',
      containers: [{
        image: 'registry.example.com/api:1.4.2',
        port: 8080,
        readiness: Probe.httpGet('/ready'),
        resources: {
          cpu: { request: Cpu.millis(250), limit: Cpu.units(1) },
          memory: { request: Size.mebibytes(256), limit: Size.mebibytes(512) },
          ephemeralStorage: { limit: Size.gibibytes(1) },
        },
      }],
    });
    expect(only(synthValid(c), 'Deployment').spec.template.spec.containers[0].resources).toEqual({
      requests: { cpu: '250m', memory: '256Mi' },
      limits: { 'cpu': '1', 'memory': '512Mi', 'ephemeral-storage': '1024Mi' },
    });
  });
});
