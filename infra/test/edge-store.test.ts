import { Match, Template } from 'aws-cdk-lib/assertions';
import { ENV } from '../../shared/config/env-names';
import {
  EDGE_SYNC_INDEX_ACTIONS,
  EDGE_SYNC_STORE_ACTIONS,
  EDGE_SYNC_STREAM_ACTIONS,
} from '../functions/edge-sync-function';
import { resourceOf, stageStack, testApp } from './synth';

const template = Template.fromStack(stageStack(testApp({ stage: 'staging' })));
const logicalId = (type: string, prefix: string) =>
  Object.keys(template.findResources(type)).find((id) => id.startsWith(prefix)) ?? 'missing';
const storeArn = () => ({
  'Fn::GetAtt': [logicalId('AWS::CloudFront::KeyValueStore', 'ImageCdnEdgeStore'), 'Arn'],
});
const registryArn = () => ({ 'Fn::GetAtt': [logicalId('AWS::DynamoDB::Table', 'ImageCdnRegistry'), 'Arn'] });
const syncStatements = () =>
  (
    resourceOf(template, 'AWS::IAM::Policy', 'ImageCdnEdgeSyncRoleDefaultPolicy').Properties as {
      PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] };
    }
  ).PolicyDocument.Statement;
const grantOf = (actions: readonly string[]) =>
  syncStatements().find((statement) => [statement.Action].flat().join() === [...actions].join())?.Resource;

describe('edge store', () => {
  it('is one KeyValueStore, associated with the viewer-request function (cloudfront-js-2.0)', () => {
    template.resourceCountIs('AWS::CloudFront::KeyValueStore', 1);
    template.hasResourceProperties('AWS::CloudFront::Function', {
      FunctionConfig: Match.objectLike({
        Runtime: 'cloudfront-js-2.0',
        KeyValueStoreAssociations: [{ KeyValueStoreARN: storeArn() }],
      }),
    });
  });

  it('tells the transform that the edge verifies signatures', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^imgfront transform'),
      Environment: { Variables: Match.objectLike({ [ENV.edgeSignatures]: 'true' }) },
    });
  });
});

describe('edge sync Lambda', () => {
  it('reads endpoint changes from the registry stream, endpoint items only', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      StreamSpecification: { StreamViewType: 'KEYS_ONLY' },
    });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [logicalId('AWS::DynamoDB::Table', 'ImageCdnRegistry'), 'StreamArn'] },
      StartingPosition: 'LATEST',
      FilterCriteria: {
        Filters: [
          { Pattern: JSON.stringify({ dynamodb: { Keys: { pk: { S: [{ prefix: 'ENDPOINT#' }] } } } }) },
          {
            Pattern: JSON.stringify({ dynamodb: { Keys: { pk: { S: [{ prefix: 'DEFAULT_ENDPOINT' }] } } } }),
          },
        ],
      },
    });
  });

  it('runs on a five-minute schedule too, since signing keys rotate without a registry write', () => {
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(5 minutes)' });
  });

  it('names the store and may read and update that store only', () => {
    template.hasResourceProperties('AWS::Lambda::Function', {
      Description: Match.stringLikeRegexp('^imgfront edge sync'),
      Environment: { Variables: Match.objectLike({ [ENV.edgeStoreArn]: storeArn() }) },
      ReservedConcurrentExecutions: 1,
    });
    expect(grantOf(EDGE_SYNC_STORE_ACTIONS)).toEqual(storeArn());
  });

  it('queries the endpoint index and reads the registry streams, nothing table-wide or account-wide', () => {
    expect(grantOf(EDGE_SYNC_INDEX_ACTIONS)).toEqual({ 'Fn::Join': ['', [registryArn(), '/index/gsi1']] });
    expect(grantOf(EDGE_SYNC_STREAM_ACTIONS)).toEqual({ 'Fn::Join': ['', [registryArn(), '/stream/*']] });
    expect(JSON.stringify(syncStatements())).not.toMatch(/"\*"|dynamodb:(Scan|GetItem|PutItem)/);
  });
});
