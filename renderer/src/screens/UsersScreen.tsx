import { createColumnHelper } from '@tanstack/react-table';
import { useCallback, useMemo, useState } from 'react';
import type { FormEvent } from 'react';
import type { OutputOf } from '../../../shared/contract';
import type { AppErrorData } from '../../../shared/result';
import { invoke, newRequestId } from '../api/invoke';
import { Banner } from '../components/Banner';
import { QueryStatus } from '../components/QueryStatus';
import { useChannelQuery } from '../query/useChannelQuery';
import { DataTable } from '../components/DataTable';
import { TableExport } from '../components/TableExport';
import { Field } from '../components/Field';
import { toast } from '../stores/toasts';
import { t } from '../i18n';

type User = OutputOf<'users:list'>['users'][number];
const column = createColumnHelper<User>();

export function UsersScreen() {
  const query = useChannelQuery('users:list', {});
  const users = query.data?.users ?? null;
  const [error, setError] = useState<AppErrorData | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [form, setForm] = useState({ username: '', displayName: '', role: 'cashier' as User['role'], password: '' });

  const toggleActive = useCallback(
    async (user: User) => {
      const r = await invoke('users:update', { requestId: newRequestId(), userId: user.id, active: !user.active });
      if (r.ok) {
        setNotice(t('users.nowActive', { name: r.value.displayName, active: r.value.active }));
        setError(null);
      } else setError(r.error);
    },
    [],
  );

  const columns = useMemo(
    () => [
      column.accessor('displayName', { header: t('users.name') }),
      column.accessor('username', { header: t('users.username') }),
      column.accessor('role', { header: t('users.role') }),
      column.accessor('active', { header: t('users.status'), cell: (c) => (c.getValue() ? t('users.state.active') : t('users.state.deactivated')) }),
      column.display({
        id: 'actions',
        header: t('users.actions'),
        cell: (c) => (
          <button type="button" className="button" onClick={() => void toggleActive(c.row.original)}>
            {c.row.original.active ? t('users.deactivate', { username: c.row.original.username }) : t('users.reactivate', { username: c.row.original.username })}
          </button>
        ),
      }),
    ],
    [toggleActive],
  );

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const r = await invoke('users:create', { requestId: newRequestId(), ...form });
    if (r.ok) {
      setNotice(t('users.canNowSignInAs', { displayName: r.value.displayName, username: r.value.username }));
      toast('success', t('users.userAdded', { username: r.value.username }));
      setError(null);
      setForm({ username: '', displayName: '', role: 'cashier', password: '' });
    } else {
      setError(r.error);
      setNotice(null);
    }
  };

  return (
    <section aria-labelledby="users-title">
      <h1 id="users-title">{t('users.users')}</h1>
      {notice ? <Banner kind="success">{notice}</Banner> : null}
      {error && !error.fields ? <Banner kind="error">{error.message}</Banner> : null}
      <TableExport request={{ table: 'users', filters: {} }} label={t('users.users2')} />
      {!users || query.isError ? <QueryStatus query={query} what={t('users.theUsers')} /> : null}
      {users ? <DataTable label={t('users.users')} columns={columns} data={users} empty={t('users.noUsersYet')} getRowId={(u: User) => u.id} /> : null}
      <form className="card form" onSubmit={submit} noValidate aria-labelledby="add-user-title">
        <h2 id="add-user-title">{t('users.addAUser')}</h2>
        <Field label={t('users.username')} value={form.username} onChange={(e) => setForm({ ...form, username: e.target.value })} error={error?.fields?.username} />
        <Field label={t('users.fullName')} value={form.displayName} onChange={(e) => setForm({ ...form, displayName: e.target.value })} error={error?.fields?.displayName} />
        <div className="field">
          <label htmlFor="new-user-role">{t('users.role')}</label>
          <select id="new-user-role" value={form.role} onChange={(e) => setForm({ ...form, role: e.target.value === 'admin' ? 'admin' : 'cashier' })}>
            <option value="cashier">{t('users.cashier')}</option>
            <option value="admin">{t('users.admin')}</option>
          </select>
        </div>
        <Field label={t('users.passwordOrPin')} type="password" autoComplete="new-password" value={form.password} onChange={(e) => setForm({ ...form, password: e.target.value })} error={error?.fields?.password} />
        <div className="form__actions">
          <button type="submit" className="button button--primary">
            {t('users.addUser')}
          </button>
        </div>
      </form>
    </section>
  );
}
