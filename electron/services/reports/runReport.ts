import type { ReportRequest } from '../../../shared/contract/reports';
import { reportTable } from '../../../shared/reports/reportTables';
import type { ReportTable } from '../../../shared/reports/reportTables';
import type { Store } from '../../store/store';
import { agingReport } from './aging';
import { depositsReport, drawerSessionsReport } from './drawerReports';
import { productPerformance } from './productPerformance';
import { revenueReport } from './revenue';
import { statusBreakdown } from './statusBreakdown';

/** One report by name with its filters, as the table the screen shows and the CSV holds. */
export function runReportTable(store: Store, request: ReportRequest, today: string): ReportTable {
  switch (request.report) {
    case 'revenue':
      return reportTable('revenue', revenueReport(store, request.filters));
    case 'statusBreakdown':
      return reportTable('statusBreakdown', statusBreakdown(store, request.filters, today));
    case 'productPerformance':
      return reportTable('productPerformance', productPerformance(store, request.filters));
    case 'aging':
      return reportTable('aging', agingReport(store, request.filters, today));
    case 'drawerSessions':
      return reportTable('drawerSessions', drawerSessionsReport(store, request.filters));
    case 'deposits':
      return reportTable('deposits', depositsReport(store, request.filters));
  }
}

/** A file name that says which report and which range, safe on every file system. */
export function exportFileName(request: ReportRequest, at: Date): string {
  const f = request.filters as { from?: string; to?: string };
  const range = f.from && f.to ? `-${f.from}-to-${f.to}` : '';
  return `bursar-${request.report}${range}-${at.toISOString().replace(/[:.]/g, '-')}.csv`;
}
