import type { PlanReport } from "../report";
import { renderJson } from "./json";
import { renderMarkdown } from "./markdown";
import { renderSarif } from "./sarif";
import { renderText } from "./text";

export const FORMATS = ["text", "json", "markdown", "sarif"] as const;
export type ReportFormat = (typeof FORMATS)[number];

export function renderReport(report: PlanReport, format: ReportFormat, toolVersion: string): string {
  switch (format) {
    case "text":
      return renderText(report);
    case "json":
      return renderJson(report);
    case "markdown":
      return renderMarkdown(report);
    case "sarif":
      return renderSarif(report, toolVersion);
  }
}
