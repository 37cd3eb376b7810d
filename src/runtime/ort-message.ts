/**
 * onnxruntime's error texts, made into one line of ours. Its messages name
 * C++ source files, function signatures and failed assertions, carry colour
 * codes, temp-file paths and sometimes several lines; users see the part that
 * says what is wrong with their model, and `--verbose` shows the whole text
 * (kept as the error's `detail`).
 */

/** The most of onnxruntime's text we put on our one line. */
const MAX_SUMMARY = 240;

/** One line saying what onnxruntime found wrong, without its source locations. */
export function ortSummary(text: string): string {
  let s = text
    // eslint-disable-next-line no-control-regex -- colour codes are what we remove
    .replace(/\u001b\[[0-9;]*m/g, '')
    .replace(/\[ONNXRuntimeError\]\s*:\s*\d+\s*:\s*\w+\s*:\s*/g, '')
    .replace(/Load model from \S+ failed:\s*/g, '')
    // "/onnxruntime_src/…/reshape_helper.h:91 onnxruntime::Helper(const T&, …) cond was false."
    .replace(/\S+\.(?:cc|h|cpp):\d+\s+(?:\S+::)*\S*\([^)]*\)(?:\s*\w+)?\s*(?:[^.]*? was false\.)?/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  const running =
    /^Non-zero status code returned while running (\S+) node\. Name:'([^']*)' Status Message:\s*(.*)$/.exec(
      s,
    );
  if (running) s = `${running[1]} node '${running[2]}': ${running[3]}`;
  if (s === '') s = 'no message';
  return s.length > MAX_SUMMARY ? `${s.slice(0, MAX_SUMMARY - 1)}…` : s;
}
