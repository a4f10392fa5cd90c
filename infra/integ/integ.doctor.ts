import { App } from 'aws-cdk-lib';
import { addDoctorIntegTest } from './doctor-integ';

// `npx cdk deploy --app 'npx ts-node --transpile-only infra/integ/integ.doctor.ts' --all` deploys a
// throwaway stage and runs the post-deploy proofs; `cdk destroy` with the same --app removes it.
addDoctorIntegTest(new App());
