// @ts-check
/**
 * Stryker's vitest runner (9.6) picks a mutant's tests by a name pattern built from "describe test",
 * but vitest 5 matches patterns against "describe > test" (`fullTestName`): every mutant then ran
 * no test at all and was reported as survived. This runner is Stryker's own, handed the names vitest
 * knows. The dry run (in one runner process) writes them next to the sandboxed tests; every runner
 * process reads them there before its first mutant.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { declareFactoryPlugin, PluginKind } from "@stryker-mutator/api/plugin";
import { strykerPlugins as vitestPlugins } from "@stryker-mutator/vitest-runner";

const NAMES_FILE = ".stryker-vitest-test-names.json";
const vitestRunner = /** @type {any} */ (vitestPlugins[0]).factory;

/**
 * Stryker's name of a test: its own and its suites' names joined by spaces.
 * @param {{ name: string, suite?: any }} test
 */
function strykerName(test) {
  const parts = [test.name];
  for (let suite = test.suite; suite; suite = suite.suite) parts.unshift(suite.name);
  return parts.join(" ").trim();
}

/**
 * @param {{ tasks?: any[] }} task
 * @returns {Generator<any>}
 */
function* testsOf(task) {
  for (const child of task.tasks ?? []) {
    if (child.type === "test") yield child;
    else yield* testsOf(child);
  }
}

/** @param {any} injector */
function createRunner(injector) {
  const runner = vitestRunner(injector);
  /** @type {Record<string, string> | null} */
  let names = null;
  /** @param {string} name */
  const vitestName = (name) => {
    names ??= existsSync(NAMES_FILE) ? JSON.parse(readFileSync(NAMES_FILE, "utf8")) : {};
    return names?.[name] ?? name;
  };

  const dryRun = runner.dryRun.bind(runner);
  /** @param {unknown} options */
  runner.dryRun = async (options) => {
    const result = await dryRun(options);
    /** @type {Record<string, string>} */
    const known = {};
    for (const file of runner.ctx.state.getFiles()) for (const test of testsOf(file)) known[strykerName(test)] = test.fullTestName;
    writeFileSync(NAMES_FILE, JSON.stringify(known));
    names = known;
    return result;
  };

  const run = runner.run.bind(runner);
  /** @param {{ testIds?: string[] }} args */
  runner.run = (args = {}) => {
    const testIds = args.testIds?.map((/** @type {string} */ id) => {
      const hash = id.indexOf("#");
      return `${id.slice(0, hash)}#${vitestName(id.slice(hash + 1))}`;
    });
    return run({ ...args, testIds });
  };
  return runner;
}
createRunner.inject = vitestRunner.inject;

export const strykerPlugins = [declareFactoryPlugin(PluginKind.TestRunner, "vitest5", createRunner)];
