import fc from 'fast-check';
import { fuzzCases, prepareRequest, type CaseSources } from './cases';
import { buildCorpus } from './corpus';
import { startHarness } from './harness';
import { buildHostileOriginals } from './hostile-originals';
import { megabytes, startMemorySampler } from './memory';
import { installProcessGuard } from './process-guard';
import { answerInTime, checkAnswer, checkMemory, type Guards } from './properties';
import { readSettings } from './settings';
import { FuzzStats } from './stats';

/**
 * `npm run fuzz`: hostile URLs and hostile originals through the real transform handler, for
 * `FUZZ_SECONDS` (default 45). Exits 1 with fast-check's shrunk counterexample on a finding.
 */
async function main(): Promise<number> {
  const settings = readSettings();
  const replay = settings.path === undefined ? '' : ` FUZZ_PATH=${settings.path}`;
  console.log(`fuzz: seed ${settings.seed}${replay}, budget ${settings.budgetMs / 1000} s`);

  const processGuard = installProcessGuard();
  const memory = startMemorySampler();
  const [corpus, hostile] = await Promise.all([buildCorpus(), buildHostileOriginals()]);
  const harness = await startHarness(corpus, settings.serviceEnv);
  const sources: CaseSources = { harness, corpus, hostile };
  const guards: Guards = {
    caseTimeoutMs: harness.limits.requestDeadlineMs + settings.hangMarginMs,
    maxRssBytes: settings.maxRssBytes,
    process: processGuard,
    overCapReported: false,
  };
  const stats = new FuzzStats();
  console.log(
    `fuzz: started in ${(performance.now() / 1000).toFixed(1)} s; request deadline ` +
      `${harness.limits.requestDeadlineMs} ms, hang after ${guards.caseTimeoutMs} ms, RSS cap ${megabytes(guards.maxRssBytes)}`,
  );

  const property = fc.asyncProperty(fuzzCases(sources), async (value) => {
    const request = prepareRequest(value, sources);
    const description = fc.stringify(value).slice(0, 240);
    const caseStarted = performance.now();
    memory.beginCase();
    const response = await answerInTime(() => harness.send(request), guards.caseTimeoutMs);
    const { peakRssBytes, caseGrowthBytes } = memory.endCase();
    const answer = `${response.status} ${response.headers['x-imgfront-error'] ?? ''}`.trim();
    stats.record(value.family, answer, performance.now() - caseStarted, description);
    stats.recordGrowth(caseGrowthBytes, description);
    await checkAnswer(request, response, guards);
    checkMemory(peakRssBytes, guards, stats.hungriestCase());
  });
  // performance.now() counts from process start, so module loading and start-up spend the budget too.
  const remainingMs = Math.max(1_000, settings.budgetMs - performance.now());
  const details = await fc.check(property, {
    seed: settings.seed,
    path: settings.path,
    numRuns: Number.MAX_SAFE_INTEGER,
    plugins: [fc.interruptAfterTimeLimit(remainingMs)],
  });

  console.log(stats.summary(memory, performance.now() / 1000));
  memory.stop();
  processGuard.uninstall();
  await harness.close();
  if (!details.failed) {
    // The case running when the budget ran out finishes unobserved; its memory still counts.
    if (memory.peakRssBytes <= guards.maxRssBytes) return 0;
    console.error(
      `fuzz: finding: RSS reached ${megabytes(memory.peakRssBytes)} (cap ${megabytes(guards.maxRssBytes)}); ` +
        `largest growth ${stats.hungriestCase()}; replay with FUZZ_SEED=${details.seed}`,
    );
    return 1;
  }
  console.error(fc.defaultReportMessage(details));
  console.error(`fuzz: finding: ${String(details.errorInstance)}`);
  console.error(
    `fuzz: reproduce with FUZZ_SEED=${details.seed} FUZZ_PATH=${details.counterexamplePath ?? ''} npm run fuzz`,
  );
  return 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error('fuzz: the fuzzer itself failed', error);
    process.exit(2);
  },
);
