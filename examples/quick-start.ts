import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { GracefulDeployment, Probe } from '../src';

export class QuickStart extends Chart {
  constructor(scope: Construct, id: string) {
    super(scope, id);

    new GracefulDeployment(this, 'api', {
      app: 'api',
      containers: [{
        image: 'ghcr.io/example/api:1.4.2',
        port: 8080,
        readiness: Probe.httpGet('/ready'),
      }],
    });
  }
}
