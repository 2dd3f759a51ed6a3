import { useEffect, useMemo, useRef, useState } from 'react';
import type { FormEvent } from 'react';
import type { AppErrorData } from '../../../../shared/result';
import { QueryStatus } from '../../components/QueryStatus';
import { channelKey } from '../../query/invalidation';
import { queryClient } from '../../query/queryClient';
import { useChannelQuery } from '../../query/useChannelQuery';
import { invoke, newRequestId } from '../../api/invoke';
import { useMoney } from '../../hooks/useMoney';
import { Banner } from '../../components/Banner';
import { Field } from '../../components/Field';
import { SelectField } from '../../components/SelectField';
import { toast } from '../../stores/toasts';
import { FIELD_LABELS, PLAN_KIND_LABELS, describeRule, draftToRule, emptyRuleDraft, ruleToDraft } from './ruleDraft';
import type { RuleDraft, RuleField, RuleInput } from './ruleDraft';
import { t } from '../../i18n';

type Editing = { index: number | null; draft: RuleDraft; errors: Partial<Record<RuleField, string>> };

const RULE_FIELD = /^rules\.(\d+)\.(\w+)/;

/** The core's `rules.N.field` errors, grouped by rule. */
function errorsByRule(error: AppErrorData | null): Map<number, Partial<Record<RuleField, string>>> {
  const out = new Map<number, Partial<Record<RuleField, string>>>();
  for (const [path, message] of Object.entries(error?.fields ?? {})) {
    const m = RULE_FIELD.exec(path);
    if (!m) continue;
    const index = Number(m[1]);
    const field = m[2] as RuleField;
    out.set(index, { ...out.get(index), [field]: message });
  }
  return out;
}

/**
 * The ordered auto-detect rules (plans:setRules): the first rule whose conditions hold
 * picks the product's plan of its kind when an enrollment names none. Rules are edited
 * here as a list and saved together, so the order saved is the order shown.
 */
export function RulesPanel({ defaultCurrency }: { defaultCurrency: string }) {
  const { format: money } = useMoney();
  // The saved rules are a cached read; once edited, the drafts stay until saved (a change
  // notice does not throw the edits away).
  const query = useChannelQuery('plans:rules', {});
  const saved = useMemo(() => query.data?.rules.map(ruleToDraft) ?? null, [query.data]);
  const [edited, setRules] = useState<RuleDraft[] | null>(null);
  const [dirty, setDirty] = useState(false);
  const rules = dirty && edited ? edited : saved;
  const [editing, setEditing] = useState<Editing | null>(null);
  const [error, setError] = useState<AppErrorData | null>(null);
  const [saving, setSaving] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const [focusTarget, setFocusTarget] = useState<string | null>(null);


  // Keyboard users keep their place: the form takes focus when it opens, a moved rule keeps it
  // on its button, and a closed form hands it back to the rule it edited (or to "Add a rule").
  const editingKey = editing ? (editing.index ?? 'new') : null;
  useEffect(() => {
    if (editingKey !== null) formRef.current?.querySelector<HTMLInputElement>('input')?.focus();
  }, [editingKey]);
  useEffect(() => {
    if (!focusTarget) return;
    document.getElementById(focusTarget)?.focus();
    setFocusTarget(null);
  }, [focusTarget]);

  const change = (next: RuleDraft[]) => {
    setRules(next);
    setDirty(true);
  };

  const move = (index: number, by: -1 | 1) => {
    if (!rules) return;
    const to = index + by;
    if (to < 0 || to >= rules.length) return;
    const next = [...rules];
    const [moved] = next.splice(index, 1);
    if (!moved) return;
    next.splice(to, 0, moved);
    change(next);
    setError(null);
    // At the top or bottom the button the person used is disabled; focus its twin instead.
    const edge = (by === -1 && to === 0) || (by === 1 && to === next.length - 1);
    setFocusTarget(`rule-${moved.key}-${(by === -1) !== edge ? 'up' : 'down'}`);
  };

  const remove = (index: number) => {
    if (!rules) return;
    const removed = rules[index];
    change(rules.filter((_, i) => i !== index));
    setError(null);
    if (editing?.index === index) setEditing(null);
    toast('info', t('rulesPanel.ruleRemovedSaveToKeep', { name: removed?.name ?? '' }));
  };

  const submitRule = (event: FormEvent) => {
    event.preventDefault();
    if (!editing || !rules) return;
    const read = draftToRule(editing.draft, defaultCurrency);
    if (read.errors) return setEditing({ ...editing, errors: read.errors });
    const next = editing.index === null ? [...rules, editing.draft] : rules.map((r, i) => (i === editing.index ? editing.draft : r));
    change(next);
    setEditing(null);
    setError(null);
    setFocusTarget(editing.index === null ? 'rules-add' : `rule-${editing.draft.key}-edit`);
  };
  const closeForm = () => {
    setFocusTarget(!editing || editing.index === null ? 'rules-add' : `rule-${editing.draft.key}-edit`);
    setEditing(null);
  };

  const save = async () => {
    if (!rules) return;
    const inputs: RuleInput[] = [];
    for (const [index, draft] of rules.entries()) {
      const read = draftToRule(draft, defaultCurrency);
      if (read.errors) return setEditing({ index, draft, errors: read.errors });
      inputs.push(read.rule);
    }
    setSaving(true);
    const r = await invoke('plans:setRules', { requestId: newRequestId(), rules: inputs });
    setSaving(false);
    if (!r.ok) {
      setError(r.error);
      // Open the first rule the core refused, with its errors on the fields that caused them.
      const [first] = [...errorsByRule(r.error).entries()].sort((a, b) => a[0] - b[0]);
      const draft = first ? rules[first[0]] : undefined;
      if (first && draft) setEditing({ index: first[0], draft, errors: first[1] });
      return;
    }
    setError(null);
    queryClient.setQueryData(channelKey('plans:rules', {}), r.value);
    setRules(null);
    setDirty(false);
    setEditing(null);
    toast('success', t('rulesPanel.rulesSavedToast', { count: r.value.rules.length }));
  };

  const ruleErrors = errorsByRule(error);
  const set = <K extends keyof RuleDraft>(key: K, value: RuleDraft[K]) => {
    if (!editing) return;
    const errors = { ...editing.errors };
    if (key in errors) delete errors[key as RuleField];
    setEditing({ ...editing, draft: { ...editing.draft, [key]: value }, errors });
  };
  const text = (key: 'name' | 'currency' | 'priceAtLeast' | 'priceAtMost' | 'daysUntilStartAtLeast' | 'daysUntilStartAtMost') => ({
    value: editing?.draft[key] ?? '',
    onChange: (e: { target: { value: string } }) => set(key, e.target.value),
    error: editing?.errors[key],
  });

  return (
    <section className="card stack" aria-labelledby="rules-title">
      <h2 id="rules-title">{t('rulesPanel.autoDetectRules')}</h2>
      <p className="muted">{t('rulesPanel.whenAnEnrollmentNamesNo')}</p>
      {error ? <Banner kind="error">{error.message}</Banner> : null}
      {rules === null || query.isError ? (
        <QueryStatus query={query} what={t('rulesPanel.theRules')} />
      ) : rules.length === 0 ? (
        <p>{t('rulesPanel.noRulesYetWithoutOne')}</p>
      ) : (
        <ol className="rules" aria-label={t('rulesPanel.rulesInOrder')}>
          {rules.map((r, i) => {
            const problems = ruleErrors.get(i);
            return (
              <li key={r.key} className={problems ? 'rule rule--invalid' : 'rule'} aria-label={t('rulesPanel.rule', { i: i + 1, name: r.name })}>
                <div>
                  <strong>
                    {i + 1}. {r.name}
                  </strong>
                  <div className="muted">{describeRule(r, money, defaultCurrency)}</div>
                  {problems ? (
                    <div className="field__error" role="alert">
                      {Object.entries(problems).map(([f, m]) => `${FIELD_LABELS[f as RuleField] ?? f} ${m}`).join('; ')}
                    </div>
                  ) : null}
                </div>
                <span className="choice">
                  <button type="button" className="button" id={`rule-${r.key}-up`} disabled={i === 0} onClick={() => move(i, -1)} aria-label={t('rulesPanel.moveUp', { name: r.name })}>
                    {t('rulesPanel.up')}
                  </button>
                  <button type="button" className="button" id={`rule-${r.key}-down`} disabled={i === rules.length - 1} onClick={() => move(i, 1)} aria-label={t('rulesPanel.moveDown', { name: r.name })}>
                    {t('rulesPanel.down')}
                  </button>
                  <button type="button" className="button" id={`rule-${r.key}-edit`} onClick={() => setEditing({ index: i, draft: r, errors: problems ?? {} })} aria-label={t('rulesPanel.edit2', { name: r.name })}>
                    {t('rulesPanel.edit')}
                  </button>
                  <button type="button" className="button" onClick={() => remove(i)} aria-label={t('rulesPanel.remove2', { name: r.name })}>
                    {t('rulesPanel.remove')}
                  </button>
                </span>
              </li>
            );
          })}
        </ol>
      )}
      <div className="toolbar">
        <button type="button" className="button" id="rules-add" onClick={() => setEditing({ index: null, draft: emptyRuleDraft(), errors: {} })} disabled={rules === null}>
          {t('rulesPanel.addARule')}
        </button>
        <button type="button" className="button button--primary" onClick={() => void save()} disabled={!dirty || saving}>
          {saving ? t('rulesPanel.saving') : t('rulesPanel.saveRules')}
        </button>
        {dirty ? <span className="muted">{t('rulesPanel.unsavedChanges')}</span> : null}
      </div>
      {editing ? (
        <form ref={formRef} className="form stack" onSubmit={submitRule} noValidate aria-labelledby="rule-form-title" onKeyDown={(e) => e.key === 'Escape' && closeForm()}>
          <h3 id="rule-form-title">{editing.index === null ? t('rulesPanel.newRule') : t('rulesPanel.editRule', { index: editing.index + 1 })}</h3>
          <div className="grid2">
            <Field label={t('rulesPanel.ruleName')} {...text('name')} maxLength={120} />
            <SelectField
              label={t('rulesPanel.plan')}
              value={editing.draft.planKind}
              onChange={(e) => set('planKind', e.target.value as RuleDraft['planKind'])}
              error={editing.errors.planKind}
              options={Object.entries(PLAN_KIND_LABELS).map(([value, label]) => ({ value, label }))}
            />
            <SelectField
              label={t('rulesPanel.productType')}
              value={editing.draft.productType}
              onChange={(e) => set('productType', e.target.value as RuleDraft['productType'])}
              error={editing.errors.productType}
              options={[{ value: '', label: t('rulesPanel.any') }, { value: 'course', label: t('rulesPanel.course') }, { value: 'program', label: t('rulesPanel.program') }]}
            />
            <Field label={t('rulesPanel.currency')} {...text('currency')} maxLength={3} placeholder={t('rulesPanel.any')} hint={t('rulesPanel.neededWhenTheRuleCompares')} />
            <Field label={t('rulesPanel.priceAtLeast')} {...text('priceAtLeast')} inputMode="decimal" placeholder={t('rulesPanel.noMinimum')} />
            <Field label={t('rulesPanel.priceAtMost')} {...text('priceAtMost')} inputMode="decimal" placeholder={t('rulesPanel.noMaximum')} />
            <Field label={t('rulesPanel.daysUntilStartAtLeast')} {...text('daysUntilStartAtLeast')} inputMode="numeric" placeholder={t('rulesPanel.noMinimum')} />
            <Field label={t('rulesPanel.daysUntilStartAtMost')} {...text('daysUntilStartAtMost')} inputMode="numeric" placeholder={t('rulesPanel.noMaximum')} />
          </div>
          <label className="checkbox">
            <input type="checkbox" checked={editing.draft.payerChoiceAllowed} onChange={(e) => set('payerChoiceAllowed', e.target.checked)} /> {t('rulesPanel.thePayerMayChooseAnother')}
          </label>
          <div className="form__actions">
            <button type="button" className="button" onClick={closeForm}>
              {t('rulesPanel.cancel')}
            </button>
            <button type="submit" className="button button--primary">
              {editing.index === null ? t('rulesPanel.addToTheList') : t('rulesPanel.updateRule')}
            </button>
          </div>
        </form>
      ) : null}
    </section>
  );
}
