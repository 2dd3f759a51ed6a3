import { useState } from 'react';
import type { AppErrorData } from '../../../shared/result';

type Pdf = { fileName: string; base64: string };
type Load = () => Promise<{ ok: true; value: Pdf } | { ok: false; error: AppErrorData }>;

/** Fetches a document the core makes (receipt, refund receipt, statement, Z report) and saves it as a PDF download. */
export function PdfButton({ label, load, className = 'button', disabled = false }: { label: string; load: Load; className?: string; disabled?: boolean }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    setBusy(true);
    const r = await load();
    setBusy(false);
    if (!r.ok) return setError(r.error.message);
    setError(null);
    const bytes = Uint8Array.from(atob(r.value.base64), (c) => c.charCodeAt(0));
    const url = URL.createObjectURL(new Blob([bytes], { type: 'application/pdf' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = r.value.fileName;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  };
  return (
    <>
      <button type="button" className={className} disabled={busy || disabled} onClick={() => void run()}>
        {label}
      </button>
      {error ? <span role="alert" className="field__error">{error}</span> : null}
    </>
  );
}
