import { App, type Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { addDoctorIntegTest } from '../integ/doctor-integ';

/** The integration test synthesises offline; what it would prove against an account is in its assertions. */
describe('doctor integration test (integ-tests-alpha)', () => {
  const app = new App();
  const { stack, integ } = addDoctorIntegTest(app);
  const assertions = Template.fromStack(
    // The assertion stack integ-tests-alpha creates (DeployAssert keeps it as `scope`).
    (integ.assertions as unknown as { scope: Stack }).scope,
  );
  const deployed = Template.fromStack(stack);

  it('seeds the sample and its overwrite into the stage bucket under the integ endpoint', () => {
    deployed.hasResourceProperties('Custom::CDKBucketDeployment', {
      DestinationBucketKeyPrefix: 'integ/',
      Prune: false,
    });
  });

  it('calls the function URL directly and expects 403', () => {
    assertions.hasResourceProperties('Custom::DeployAssert@HttpCall', {
      expected: Match.serializedJson(Match.objectLike({ $ObjectLike: { status: 403 } })),
    });
  });

  /** The one resource of a type, as deployed text (parameters holding tokens are joined JSON). */
  const only = (type: string) => {
    const found = Object.values(assertions.findResources(type));
    expect(found).toHaveLength(1);
    return { resource: found[0] as { DependsOn?: string[] }, text: JSON.stringify(found[0]) };
  };

  it('registers the endpoint as the registry stores it, then overwrites the sample after it was cached', () => {
    const register = only('Custom::DeployAssert@SdkCallDynamoDBputItem').text;
    expect(register).toContain('\\"gsi1pk\\":{\\"S\\":\\"ENDPOINTS\\"}');
    expect(register).toContain('\\"prefix\\":{\\"S\\":\\"integ\\"}');
    const overwrite = only('Custom::DeployAssert@SdkCallS3copyObject');
    expect(overwrite.text).toContain('integ/sample.png');
    expect(overwrite.text).toContain('integ/overwrite.png');
    // Chained: the overwrite waits until the sample was answered from the cache.
    expect(overwrite.resource.DependsOn).toContainEqual(expect.stringMatching(/^HttpApiCall\w+WaitFor/));
    // Served once; then waited for: cached, purged (a miss after the overwrite), and the metrics.
    expect(Object.keys(assertions.findResources('AWS::StepFunctions::StateMachine'))).toHaveLength(3);
    expect(only('Custom::DeployAssert@SdkCallCloudWatchlistMetrics').text).toContain('Requests');
  });
});
