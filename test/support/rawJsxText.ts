import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

/** Attributes whose value people read (or hear): a literal here is screen text. */
export const TEXT_ATTRIBUTES = new Set(['label', 'aria-label', 'hint', 'empty', 'placeholder', 'title', 'alt', 'term', 'confirmLabel', 'what', 'caption', 'legend', 'summary', 'description']);

/** Object properties that become screen text (a table column's header, an option's label). */
export const TEXT_PROPERTIES = new Set(['header', 'label', 'title', 'hint', 'empty', 'placeholder', 'heading', 'what']);

export type RawText = { file: string; line: number; text: string; kind: 'jsx-text' | 'attribute' | 'expression' | 'property' };

/** Words, not punctuation, symbols or a code such as "USD" / "Alt+1". */
const looksLikeWords = (s: string): boolean => /[A-Za-z]{2,}/.test(s) && /[a-z]/.test(s);

/**
 * English words written straight into the window's JSX (text children, text attributes,
 * string literals a JSX expression shows, toast texts) instead of coming from a catalog.
 */
export function rawTextIn(file: string, source: string): RawText[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.TSX);
  const found: RawText[] = [];
  const at = (node: ts.Node, text: string, kind: RawText['kind']) => found.push({ file, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, text: text.trim(), kind });
  // A literal a JSX expression renders directly, or picks by a condition or a fallback.
  const shown = (expr: ts.Expression) => {
    if (ts.isStringLiteral(expr) || ts.isNoSubstitutionTemplateLiteral(expr)) {
      if (looksLikeWords(expr.text)) at(expr, expr.text, 'expression');
    } else if (ts.isTemplateExpression(expr)) {
      const words = [expr.head.text, ...expr.templateSpans.map((s) => s.literal.text)].join(' ');
      if (looksLikeWords(words)) at(expr, expr.getText(sf), 'expression');
    } else if (ts.isConditionalExpression(expr)) {
      shown(expr.whenTrue);
      shown(expr.whenFalse);
    } else if (ts.isBinaryExpression(expr) && [ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken, ts.SyntaxKind.AmpersandAmpersandToken].includes(expr.operatorToken.kind)) {
      shown(expr.right);
    } else if (ts.isParenthesizedExpression(expr)) {
      shown(expr.expression);
    }
  };
  const visit = (node: ts.Node) => {
    if (ts.isJsxText(node) && looksLikeWords(node.text)) at(node, node.text, 'jsx-text');
    else if (ts.isJsxExpression(node) && node.expression && !ts.isJsxAttribute(node.parent)) shown(node.expression);
    else if (ts.isJsxAttribute(node) && TEXT_ATTRIBUTES.has(node.name.getText(sf)) && node.initializer) {
      if (ts.isStringLiteral(node.initializer)) {
        if (looksLikeWords(node.initializer.text)) at(node, node.initializer.text, 'attribute');
      } else if (ts.isJsxExpression(node.initializer) && node.initializer.expression) shown(node.initializer.expression);
    } else if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === 'toast') {
      const text = node.arguments[1];
      if (text) shown(text);
    } else if (ts.isPropertyAssignment(node) && TEXT_PROPERTIES.has(node.name.getText(sf))) {
      shown(node.initializer);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

/** Every .tsx file under `dir`, as paths relative to `root`. */
export function tsxFiles(root: string, dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (p.endsWith('.tsx')) out.push(relative(root, p));
    }
  };
  walk(join(root, dir));
  return out.sort();
}

export const rawTextInFile = (root: string, file: string): RawText[] => rawTextIn(file, readFileSync(join(root, file), 'utf8'));

/** Codes, not words: channels (`payers:search`), catalog ids (`a.b.c`), CSS classes, MIME types, paths, keys. */
const looksLikeCode = (s: string): boolean => /^[\w.-]+:[\w.:-]+$/.test(s) || /^[a-z][\w-]*(\.[\w-]+)+$/.test(s) || /--|^\/|^data:|^[a-z]+\/[\w.+-]+/.test(s);

/** Words a person reads: a capitalised word, two words in a row, or words around a template's values. */
const readsAsEnglish = (parts: readonly string[]): boolean => {
  const joined = parts.join(' ').replace(/\s+/g, ' ').trim();
  if (looksLikeCode(joined)) return false;
  const words = parts.length > 1 ? joined.replace(/[\w]*[-.:+/][\w.:+/-]*/g, ' ') : joined;
  if (/\b[A-Z][a-z]{2,}\b/.test(words) || /\b[a-z]{2,} [a-z]{2,}\b/.test(words)) return true;
  // A template that puts words around its values (`${a} of ${b}`, `${n} payments`); pieces of a
  // code (`${id}-error`, `rule-${key}-up`, `terms.${path}`) are not words.
  return parts.length > 1 && parts.some((p) => /(^|\s)[a-z]{2,}(\s|$)/.test(p.replace(/[\w]*[-.:+/][\w.:+/-]*/g, ' ')));
};

/** Names people do not translate, and codes the platform defines. */
export const NOT_WORDS = new Set(['Stripe', 'Bursar', 'Content-Type', 'Bearer', 'Escape', 'Enter', 'Tab', 'ArrowUp', 'ArrowDown', 'Home', 'End', 'PageUp', 'PageDown', 'Esc']);

/** Calls whose literal arguments are not shown as they are: a catalog id, a report's English key, a log line. */
const KEYED_CALLS = /^(t|intl\.formatMessage|reportWord|inCurrency|console\.\w+|require|import)$/;

/**
 * English words anywhere in a renderer file that are not in a catalog: a literal or a template
 * with words, wherever it sits (a notice, a table cell, a map of labels, a chart axis), unless it
 * is a code, a comparison, a catalog call's argument or a name people do not translate.
 */
export function englishLiteralsIn(file: string, source: string): RawText[] {
  const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, file.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: RawText[] = [];
  const exempt = (node: ts.Node): boolean => {
    const p = node.parent;
    if (ts.isImportDeclaration(p) || ts.isExportDeclaration(p) || ts.isLiteralTypeNode(p) || ts.isCaseClause(p)) return true;
    if (ts.isCallExpression(p) && p.expression !== node && KEYED_CALLS.test(p.expression.getText(sf))) return true;
    if (ts.isNewExpression(p) && /Error$/.test(p.expression.getText(sf))) return true;
    if (ts.isBinaryExpression(p) && [ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken].includes(p.operatorToken.kind)) return true;
    if (ts.isPropertyAssignment(p) && p.name === node) return true;
    if (ts.isElementAccessExpression(p) && p.argumentExpression === node) return true;
    if (ts.isJsxAttribute(p) && !TEXT_ATTRIBUTES.has(p.name.getText(sf))) return true;
    return false;
  };
  const visit = (node: ts.Node) => {
    let parts: string[] | null = null;
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) parts = [node.text];
    else if (ts.isTemplateExpression(node)) parts = [node.head.text, ...node.templateSpans.map((s) => s.literal.text)];
    if (parts && !NOT_WORDS.has(parts.join('').trim()) && readsAsEnglish(parts) && !exempt(node)) {
      found.push({ file, line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, text: node.getText(sf), kind: 'expression' });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return found;
}

/** Every .ts and .tsx file under `dir` but the catalogs' own folder, as paths relative to `root`. */
export function rendererSourceFiles(root: string, dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) {
        if (name !== 'i18n') walk(p);
      } else if (/\.tsx?$/.test(p) && !p.endsWith('.d.ts')) out.push(relative(root, p));
    }
  };
  walk(join(root, dir));
  return out.sort();
}
