import { invalid } from '../errors/image-error';
import {
  checkBranchParameter,
  CONDITION_ELSE,
  CONDITION_END,
  CONDITION_START,
  formatConditionTest,
  isConditionStart,
  MAX_CONDITION_DEPTH,
  MAX_STEPS_WITH_BRANCHES,
  parseConditionTest,
  stepsWithBranches,
} from './conditions';
import { checkLayer, checkScope, MAX_LAYER_DEPTH, MAX_LAYERS_PER_URL, parseLayerType } from './layer-syntax';
import {
  checkLayerExpressions,
  formatParameterExpression,
  parseParameterValue,
} from './parameter-expressions';
import { PARAMETERS, PARAMETERS_BY_KEY_LENGTH, type ParameterDescriptor } from './parameters';
import {
  solidColour,
  type Condition,
  type Layer,
  type LayerType,
  type TransformStep,
} from './transform-spec';

export const MAX_CHAIN_LENGTH = 2048;
export const MAX_STEPS = 10;

const LAYER_START = 'l-';
const LAYER_END = 'l-end';

function matchToken(token: string): { descriptor: ParameterDescriptor; value: string | undefined } {
  for (const descriptor of PARAMETERS_BY_KEY_LENGTH) {
    if (token === descriptor.key) return { descriptor, value: undefined };
    if (token.startsWith(`${descriptor.key}-`))
      return { descriptor, value: token.slice(descriptor.key.length + 1) };
  }
  throw invalid(`Unknown transformation parameter "${token.slice(0, 40)}"`);
}

function checkStep(step: TransformStep): void {
  // A value given as an expression (`x-iw_div_2`) is given, though computed later.
  const given = (field: 'x' | 'y' | 'xCenter' | 'yCenter') =>
    step[field] !== undefined || step.expressions?.[field] !== undefined;
  const coordinates = (['x', 'y', 'xCenter', 'yCenter'] as const).filter(given);
  if (step.focus === 'custom' && coordinates.length === 0) {
    throw invalid('Parameter "fo-custom" needs "x"/"y" or "xc"/"yc"');
  }
  // ImageKit: `z` zooms around the faces `fo-face` found, and means nothing without them.
  if (step.zoom !== undefined && step.focus !== 'face') throw invalid('Parameter "z" needs "fo-face"');
  if (given('x') && given('xCenter')) throw invalid('Parameters "x" and "xc" exclude each other');
  if (given('y') && given('yCenter')) throw invalid('Parameters "y" and "yc" exclude each other');
  // ImageKit: a blurred or dominant-colour background only fills the padding of cm-pad_resize.
  const padded = step.cropMode === 'pad_resize' || step.cropMode === 'pad_resize_no_enlarge';
  if (step.background !== undefined && solidColour(step.background) === undefined && !padded)
    throw invalid('Parameter "bg" with blurred or dominant needs "cm-pad_resize"');
  // Both are one sharpening pass; the second would silently replace the first.
  if (step.sharpen !== undefined && step.unsharpMask !== undefined)
    throw invalid('Parameters "e-sharpen" and "e-usm" exclude each other');
}

/** A token and whether a `:` (a new step) came before it. */
interface Token {
  text: string;
  startsStep: boolean;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let startsStep = true;
  let start = 0;
  for (let index = 0; index <= text.length; index += 1) {
    const char = text[index];
    if (char !== ',' && char !== ':' && index < text.length) continue;
    tokens.push({ text: text.slice(start, index), startsStep });
    startsStep = char === ':';
    start = index + 1;
  }
  return tokens;
}

/** Where the parser is: the layer type it is inside (if any) and how deep. */
interface Scope {
  layer: LayerType | undefined;
  depth: number;
  /** Inside a branch of an if block (not a layer within it): the block's `if-` token. */
  branch?: string;
  /** If blocks around this point, within the innermost layer. */
  conditions?: number;
  /** Inside a layer opened in a branch: that branch's `if-` token. */
  outerBranch?: string;
}

/** ImageKit: "A step containing an if block cannot contain any other comma-separated transform". */
const alone = (token: string) =>
  invalid(`A step holding an if block holds nothing else: "${token.slice(0, 40)}" needs its own step (":")`);
/** Tokens that close a construct, and so may follow an if block in the same step. */
const CLOSERS: readonly string[] = [LAYER_END, CONDITION_ELSE, CONDITION_END];

/**
 * Parses ImageKit's chain grammar: steps separated by `:`, parameters by `,`, layers
 * (`l-image,...,l-end`, `l-text,...,l-end`) holding their own chains, nested up to three deep, and
 * if blocks (`if-<test>,<chain>[,if-else,<chain>],if-end`), each a step of its own.
 */
function parseTokens(tokens: readonly Token[]): TransformStep[] {
  let position = 0;
  let layerCount = 0;

  /** `if-<test>,<chain>[,if-else,<chain>],if-end`, from just after the `if-` token. */
  function parseCondition(token: string, scope: Scope): Condition {
    const test = parseConditionTest(token.slice(CONDITION_START.length));
    const depth = (scope.conditions ?? 0) + 1;
    if (depth > MAX_CONDITION_DEPTH)
      throw invalid(`If blocks nest at most ${MAX_CONDITION_DEPTH} levels deep`);
    const inner: Scope = { ...scope, branch: token, conditions: depth };
    const then = parseSteps(inner);
    const closedBy = () => tokens[position - 1]?.text;
    const otherwise = closedBy() === CONDITION_ELSE ? parseSteps(inner) : [];
    if (closedBy() !== CONDITION_END) throw invalid(`If block "${token.slice(0, 40)}" holds "if-else" twice`);
    if (then.length > MAX_STEPS || otherwise.length > MAX_STEPS)
      throw invalid(`A branch of an if block may chain at most ${MAX_STEPS} steps`);
    return { test, then, else: otherwise };
  }

  function parseSteps(scope: Scope): TransformStep[] {
    const steps: TransformStep[] = [];
    let step: Record<string, unknown> = Object.create(null);
    let blockClosed = false;
    const finishStep = () => {
      if (Object.keys(step).length === 0) return;
      checkStep(step as TransformStep);
      steps.push(step as TransformStep);
      step = Object.create(null);
    };
    while (position < tokens.length) {
      const token = tokens[position] as Token;
      position += 1;
      if (token.startsStep) {
        finishStep();
        blockClosed = false;
      }
      if (token.text === '') continue;
      if (blockClosed && !CLOSERS.includes(token.text)) throw alone(token.text);
      if (token.text === CONDITION_ELSE || token.text === CONDITION_END) {
        if (scope.branch === undefined && scope.outerBranch !== undefined)
          throw invalid(`Layer "l-${scope.layer}" is not closed with "l-end" before "${token.text}"`);
        if (scope.branch === undefined) throw invalid(`Parameter "${token.text}" closes no if block`);
        finishStep();
        return steps;
      }
      if (isConditionStart(token.text)) {
        if (Object.keys(step).length > 0) throw alone(token.text);
        step.condition = parseCondition(token.text, scope);
        finishStep();
        blockClosed = true;
        continue;
      }
      if (token.text === LAYER_END) {
        if (scope.branch !== undefined)
          throw invalid(`If block "${scope.branch.slice(0, 40)}" is not closed with "if-end" before "l-end"`);
        if (scope.layer === undefined) throw invalid('Parameter "l-end" closes no layer');
        finishStep();
        return steps;
      }
      if (token.text.startsWith(LAYER_START)) {
        const type = parseLayerType(token.text);
        if (scope.depth >= MAX_LAYER_DEPTH)
          throw invalid(`Layers nest at most ${MAX_LAYER_DEPTH} levels deep`);
        layerCount += 1;
        if (layerCount > MAX_LAYERS_PER_URL)
          throw invalid(`A URL may hold at most ${MAX_LAYERS_PER_URL} layers`);
        const layer: Layer = {
          type,
          steps: parseSteps({
            layer: type,
            depth: scope.depth + 1,
            outerBranch: scope.branch ?? scope.outerBranch,
          }),
        };
        checkLayer(layer);
        checkLayerExpressions(layer);
        step.layers = [...((step.layers as Layer[] | undefined) ?? []), layer];
        continue;
      }
      const { descriptor, value } = matchToken(token.text);
      checkScope(descriptor, scope.layer);
      if (scope.branch !== undefined) checkBranchParameter(descriptor);
      const expressions = step.expressions as TransformStep['expressions'];
      if (step[descriptor.field] !== undefined || expressions?.[descriptor.field] !== undefined)
        throw invalid(`Parameter "${descriptor.key}" is given twice`);
      const parsed = parseParameterValue(descriptor, value, scope.layer !== undefined);
      if ('value' in parsed) step[descriptor.field] = parsed.value;
      else step.expressions = { ...expressions, [descriptor.field]: parsed.expression };
    }
    if (scope.branch !== undefined)
      throw invalid(`If block "${scope.branch.slice(0, 40)}" is not closed with "if-end"`);
    if (scope.layer !== undefined) throw invalid(`Layer "l-${scope.layer}" is not closed with "l-end"`);
    finishStep();
    return steps;
  }

  const steps = parseSteps({ layer: undefined, depth: 0 });
  if (steps.length > MAX_STEPS) throw invalid(`A transformation may chain at most ${MAX_STEPS} steps`);
  // Each step may run at full cost; branches count whether taken or not, so a request's work is bounded.
  if (stepsWithBranches(steps) > MAX_STEPS_WITH_BRANCHES)
    throw invalid(
      `A transformation may hold at most ${MAX_STEPS_WITH_BRANCHES} steps, counting all if blocks`,
    );
  return steps;
}

/** Parses one step (`w-400,h-300`); a repeated or unknown parameter is an error naming it. */
export function parseStep(text: string): TransformStep {
  if (text.includes(':')) throw invalid('A single step cannot hold ":"');
  return parseTokens(tokenize(text))[0] ?? {};
}

/** Parses a chain (`w-400,h-300:rt-90`): steps separated by `:`, applied in order. */
export function parseChain(text: string): TransformStep[] {
  if (text.length > MAX_CHAIN_LENGTH)
    throw invalid(`The transformation is longer than ${MAX_CHAIN_LENGTH} characters`);
  return parseTokens(tokenize(text));
}

/** `if-<test>,<then>[,if-else,<else>],if-end`; an empty branch is left out. */
function serializeCondition({ test, then, else: otherwise }: Condition): string {
  const parts = [`${CONDITION_START}${formatConditionTest(test)}`, serializeChain(then)];
  if (otherwise.length > 0) parts.push(CONDITION_ELSE, serializeChain(otherwise));
  return [...parts, CONDITION_END].filter(Boolean).join(',');
}

/** The canonical text of one parameter of a step (`w-300`, `e-grayscale`, `w-iw_div_2`); undefined when not given. */
export function parameterText(step: TransformStep, descriptor: ParameterDescriptor): string | undefined {
  const value = step[descriptor.field];
  const expression = step.expressions?.[descriptor.field];
  if (value === undefined)
    return expression === undefined
      ? undefined
      : `${descriptor.key}-${formatParameterExpression(expression)}`;
  const text = descriptor.format(value as never);
  return text === undefined ? descriptor.key : `${descriptor.key}-${text}`;
}

function serializeStep(step: TransformStep): string {
  if (step.condition !== undefined) return serializeCondition(step.condition);
  const parameters = PARAMETERS.flatMap((descriptor) => parameterText(step, descriptor) ?? []);
  const layers = (step.layers ?? []).map(
    (layer) => `${LAYER_START}${layer.type},${serializeChain(layer.steps)},${LAYER_END}`,
  );
  return [...parameters, ...layers].join(',');
}

/** The canonical text of a chain: table order within a step, layers last, canonical values. Used for cache keys, logs and signatures. */
export const serializeChain = (steps: readonly TransformStep[]): string => steps.map(serializeStep).join(':');
