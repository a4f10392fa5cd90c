import { invalid } from '../errors/image-error';
import {
  ARITHMETIC_OPERATORS,
  EXPRESSION_VARIABLES,
  type ArithmeticOperator,
  type Expression,
  type ExpressionVariable,
} from './transform-spec';
import { expected, formatNumber } from './validators';

/**
 * ImageKit's arithmetic expressions (`iw_div_2`, `ih_mul_0.8_add_iw_mul_0.4`): operands (variables or
 * positive numbers) and operators joined by `_`, no parentheses. Precedence is ImageKit's documented
 * "calculation sequence", lowest first: pow, mod, add/sub, mul/div; each level left to right.
 */

/** Bounds, so an expression cannot cost more than a few microseconds or grow without end. */
export const MAX_EXPRESSION_LENGTH = 120;
export const MAX_EXPRESSION_OPERATORS = 8;
/** Any intermediate value beyond this is refused: no pixel count or ratio gets near it. */
const MAX_MAGNITUDE = 1e9;

const LEVELS: readonly (readonly ArithmeticOperator[])[] = [['pow'], ['mod'], ['add', 'sub'], ['mul', 'div']];
const NUMBER = /^\d{1,7}(?:\.\d{1,6})?$/;

const isOperator = (word: string): word is ArithmeticOperator =>
  (ARITHMETIC_OPERATORS as readonly string[]).includes(word);
const isVariable = (word: string): word is ExpressionVariable =>
  (EXPRESSION_VARIABLES as readonly string[]).includes(word);

/** Whether a value is meant as an expression: numbers never hold lowercase letters. */
export const looksLikeExpression = (value: string): boolean => /[a-z]/.test(value);

const EXAMPLE = 'an arithmetic expression such as iw_div_2';

function operand(word: string | undefined, key: string, value: string): Expression {
  if (word !== undefined && isVariable(word)) return { variable: word };
  if (word !== undefined && NUMBER.test(word)) return { number: Number(word) };
  throw expected(`${EXAMPLE} (variables ${EXPRESSION_VARIABLES.join(', ')} or positive numbers)`, key, value);
}

/** Builds the tree for operands[from..to] with the operators between them, lowest precedence first. */
function build(operands: Expression[], operators: ArithmeticOperator[], level: number): Expression {
  const splitOn = LEVELS[level];
  if (splitOn === undefined) return operands[0] as Expression;
  // The rightmost operator of the lowest level is the root: left to right within a level.
  for (let index = operators.length - 1; index >= 0; index -= 1) {
    const operator = operators[index] as ArithmeticOperator;
    if (!splitOn.includes(operator)) continue;
    return {
      operator,
      left: build(operands.slice(0, index + 1), operators.slice(0, index), level),
      right: build(operands.slice(index + 1), operators.slice(index + 1), level + 1),
    };
  }
  return build(operands, operators, level + 1);
}

/** Parses an expression value of parameter `key`; errors name the parameter. */
export function parseExpression(value: string, key: string): Expression {
  if (value.length > MAX_EXPRESSION_LENGTH)
    throw expected(`${EXAMPLE} of at most ${MAX_EXPRESSION_LENGTH} characters`, key, value);
  const words = value.split('_');
  const operands: Expression[] = [];
  const operators: ArithmeticOperator[] = [];
  words.forEach((word, index) => {
    if (index % 2 === 0) operands.push(operand(word, key, value));
    else if (isOperator(word)) operators.push(word);
    else throw expected(`${EXAMPLE} (operators ${ARITHMETIC_OPERATORS.join(', ')})`, key, value);
  });
  if (words.length % 2 === 0) throw expected(`${EXAMPLE} ending in a value`, key, value);
  if (operators.length > MAX_EXPRESSION_OPERATORS)
    throw expected(`${EXAMPLE} with at most ${MAX_EXPRESSION_OPERATORS} operators`, key, value);
  return build(operands, operators, 0);
}

/** The canonical text: in-order, so the tree's precedence gives back the same sequence. */
export function formatExpression(expression: Expression): string {
  if ('number' in expression) return formatNumber(expression.number);
  if ('variable' in expression) return expression.variable;
  return `${formatExpression(expression.left)}_${expression.operator}_${formatExpression(expression.right)}`;
}

/** Every variable an expression reads. */
export function variablesOf(expression: Expression): ExpressionVariable[] {
  if ('number' in expression) return [];
  if ('variable' in expression) return [expression.variable];
  return [...variablesOf(expression.left), ...variablesOf(expression.right)];
}

export type ExpressionValues = Partial<Record<ExpressionVariable, number>>;

function apply(operator: ArithmeticOperator, left: number, right: number, key: string): number {
  if ((operator === 'div' || operator === 'mod') && right === 0)
    throw invalid(`The expression of parameter "${key}" divides by zero`);
  switch (operator) {
    case 'add':
      return left + right;
    case 'sub':
      return left - right;
    case 'mul':
      return left * right;
    case 'div':
      return left / right;
    case 'mod':
      return left % right;
    case 'pow':
      return left ** right;
  }
}

/**
 * Computes an expression from the sizes at hand. A variable without a value (`bw` outside a layer),
 * division by zero, NaN (a negative number to a fractional power) or overflow is a 400 naming `key`.
 */
export function evaluateExpression(expression: Expression, values: ExpressionValues, key: string): number {
  let result: number;
  if ('number' in expression) result = expression.number;
  else if ('variable' in expression) {
    const value = values[expression.variable];
    if (value === undefined)
      throw invalid(`Variable "${expression.variable}" of parameter "${key}" is only known inside a layer`);
    result = value;
  } else {
    const left = evaluateExpression(expression.left, values, key);
    const right = evaluateExpression(expression.right, values, key);
    result = apply(expression.operator, left, right, key);
  }
  if (Number.isNaN(result)) throw invalid(`The expression of parameter "${key}" has no numeric value`);
  if (!(Math.abs(result) <= MAX_MAGNITUDE))
    throw invalid(`The expression of parameter "${key}" exceeds ${MAX_MAGNITUDE}`);
  return result;
}
