// Drydock's library API for Node. Every function is synchronous; the
// WebAssembly core is loaded when the module is required.

export type Severity = "error" | "warning" | "info" | "style";
export type Applicability = "safe" | "suggested" | "manual";

/** Settings: `.hadolint.yaml`'s keys, plus what the text alone does not say. */
export interface Config {
  ignored?: string[];
  trusted_registries?: string[];
  failure_threshold?: Severity;
  severity_overrides?: Record<string, Severity>;
  label_schema?: Record<string, "text" | "url" | "spdx" | "rfc3339" | "hash" | "semver" | "email">;
  strict_labels?: boolean;
  build_args?: Record<string, string>;
  disable_ignore_pragma?: boolean;
  /** The build context's `.dockerignore` text. */
  dockerignore?: string | null;
}

/** What `fix` takes besides the settings. */
export interface FixConfig extends Config {
  /** Suggestions not to apply, by id (`CODE@LINE`). */
  rejected?: string[];
  /** Risky (manual) fixes with an edit to apply, by id. */
  accepted?: string[];
  /** Apply only the fixes that keep the same image and behaviour. */
  safe_only?: boolean;
}

export interface FindingFix {
  message: string;
  applicability: Applicability;
  applies: boolean;
  risk: string | null;
  has_edit: boolean;
}

export interface Finding {
  /** `CODE@LINE` */
  id: string;
  code: string;
  severity: Severity;
  message: string;
  /** 1-based. */
  line: number;
  column: number;
  end_line: number;
  end_column: number;
  /** UTF-16 offsets (JavaScript string indices). */
  from: number;
  to: number;
  /** The exact place inside `from..to` (UTF-16 offsets), when the rule
   * knows it (ShellCheck's codes, reported on their RUN as hadolint does). */
  exact?: [number, number];
  fix: FindingFix | null;
}

export interface FixNote {
  id: string;
  code: string;
  codes: string[];
  line: number;
  fix_message: string;
  applicability: Applicability;
  reason: string | null;
  risk: string | null;
  has_edit: boolean;
}

export interface Rewrite {
  text: string;
  applied: FixNote[];
  skipped: FixNote[];
  /** Files the fixes create beside the Dockerfile (a generated `.dockerignore`). */
  files: { path: string; contents: string }[];
  converged: boolean;
}

export interface Problem {
  id: string;
  ids: string[];
  codes: string[];
  /** Indices into `findings`. */
  findings: number[];
  impact: string;
  lead: boolean;
  severity: Severity;
  minor: boolean;
  line: number;
  message: string;
  fix: FindingFix | null;
}

export interface Analysis {
  findings: Finding[];
  problems: Problem[];
  rewrite: Rewrite;
}

/** `drydock build-plan --format json`'s document. */
export interface BuildPlan {
  stages: unknown[];
  edges: unknown[];
  steps: unknown[];
  scenarios: unknown[];
  estimates: unknown;
  notes: unknown[];
  [key: string]: unknown;
}

export type ReportFormat = "tty" | "json" | "sarif" | "checkstyle" | "gnu" | "github";

export interface ReportInput {
  /** The name the report prints. */
  path: string;
  text: string;
  dockerignore?: string | null;
}

export interface Report {
  output: string;
  /** The most severe finding, or null when there is none. */
  worst: Severity | null;
}

export function lint(text: string, config?: Config): Finding[];
export function fix(text: string, config?: FixConfig): Rewrite;
export function analyze(text: string, config?: FixConfig): Analysis;
export function buildPlan(text: string, config?: Config): BuildPlan;
export function format(text: string, options?: { indent?: number | "tab" }): string;
export function lintReport(
  files: ReportInput[],
  config?: Config,
  format?: ReportFormat,
  color?: boolean,
): Report;
export const version: string;
