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
