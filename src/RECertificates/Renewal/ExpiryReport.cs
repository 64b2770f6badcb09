using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Text;

namespace RECertificates.Renewal
{
    /// <summary>
    /// The fleet's expiry state as one self-contained HTML page (no script, no external style, font or image):
    /// counts at the top, the clusters that could not be read, a timeline of expiry dates drawn as inline SVG,
    /// and every certificate sorted by days remaining. Urgency is told by colour, by a shape and by words, so it
    /// survives printing and colour blindness. Everything that came from a cluster is HTML-encoded.
    /// </summary>
    internal static partial class ExpiryReport
    {
        // Timeline geometry, in SVG user units (the drawing scales to the page's width).
        private const int Width = 960;
        private const int Gutter = 170;
        private const int Right = 20;
        private const int Top = 34;
        private const int Lane = 30;

        public static string Render(string title, IReadOnlyList<RECertificate> certificates, IReadOnlyList<ReportFailure> failures, DateTime utcNow,
            IReadOnlyList<REServedCertificate>? served = null)
        {
            List<Row> rows = certificates
                .Select(c => new Row(c, utcNow))
                .OrderBy(r => r.Days).ThenBy(r => r.Cluster, StringComparer.Ordinal).ThenBy(r => r.Certificate.Name, StringComparer.Ordinal)
                .ToList();
            List<string> clusters = rows.Select(r => r.Cluster).Distinct(StringComparer.Ordinal).OrderBy(c => c, StringComparer.Ordinal).ToList();

            var html = new StringBuilder(16 * 1024);
            html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .Append("<title>").Append(Encode(title)).Append("</title>\n<style>").Append(Style).Append("</style>\n</head>\n<body>\n<main>\n");
            html.Append("<header><h1>").Append(Encode(title)).Append("</h1><p class=\"meta\">")
                .Append(Plural(clusters.Count, "cluster")).Append(", ").Append(Plural(rows.Count, "certificate"))
                .Append(failures.Count > 0 ? ", " + Plural(failures.Count, "read failure") : string.Empty)
                .Append(". Generated ").Append(Date(utcNow, "yyyy-MM-dd HH:mm")).Append(" UTC.</p></header>\n");

            AppendSummary(html, rows, failures);
            AppendFailures(html, failures);
            AppendServed(html, served ?? Array.Empty<REServedCertificate>());
            AppendTimeline(html, rows, clusters, utcNow);
            AppendTable(html, rows.Where(r => !r.Certificate.IsInternal).ToList());
            AppendInternalTable(html, rows.Where(r => r.Certificate.IsInternal).ToList());
            html.Append("</main>\n</body>\n</html>\n");
            return html.ToString();
        }

        private static void AppendSummary(StringBuilder html, List<Row> rows, IReadOnlyList<ReportFailure> failures)
        {
            html.Append("<section class=\"summary\" aria-label=\"Summary\">\n");
            foreach (ExpiryStatus status in new[] { ExpiryStatus.Expired, ExpiryStatus.Under30Days, ExpiryStatus.Under90Days, ExpiryStatus.Ok })
            {
                int count = rows.Count(r => r.Status == status);
                html.Append("<div class=\"tile ").Append(ExpiryStatuses.CssClass(status)).Append(count == 0 ? " none" : string.Empty).Append("\"><span class=\"count\">")
                    .Append(count).Append("</span> ").Append(Badge(status)).Append("</div>\n");
            }

            html.Append("<div class=\"tile failed").Append(failures.Count == 0 ? " none" : string.Empty).Append("\"><span class=\"count\">")
                .Append(failures.Count).Append("</span> <span class=\"badge failed\">&#9888; Not read</span></div>\n</section>\n");
        }

        private static void AppendFailures(StringBuilder html, IReadOnlyList<ReportFailure> failures)
        {
            if (failures.Count == 0)
            {
                return;
            }

            html.Append("<section class=\"failures\"><h2>&#9888; Could not be read</h2>\n<p>These were not read, so the report says nothing about their certificates.</p>\n<ul>\n");
            foreach (ReportFailure failure in failures)
            {
                html.Append("<li><strong>").Append(Encode(failure.Target)).Append("</strong>: ").Append(Encode(failure.Message)).Append("</li>\n");
            }

            html.Append("</ul></section>\n");
        }

        private static void AppendTimeline(StringBuilder html, List<Row> rows, List<string> clusters, DateTime utcNow)
        {
            if (rows.Count == 0)
            {
                return;
            }

            // From a month before today (or the oldest expiry, up to a year back) to a year ahead (or the last
            // expiry, up to two years): a certificate further out is drawn at the edge, with its date in its tooltip.
            DateTime first = rows.Min(r => r.NotAfterUtc);
            DateTime last = rows.Max(r => r.NotAfterUtc);
            DateTime start = Clamp(first.AddDays(-15), utcNow.AddDays(-365), utcNow.AddDays(-30));
            DateTime end = Clamp(last.AddDays(30), utcNow.AddDays(180), utcNow.AddDays(730));
            int height = Top + clusters.Count * Lane + 30;
            double span = (end - start).TotalDays;
            double X(DateTime at) => Gutter + (Width - Gutter - Right) * Math.Max(0, Math.Min(1, (at - start).TotalDays / span));

            html.Append("<section><h2>Timeline of expiry dates</h2>\n<div class=\"scroll\"><svg class=\"timeline\" role=\"img\" viewBox=\"0 0 ")
                .Append(Width).Append(' ').Append(height).Append("\" aria-label=\"Expiry dates by cluster, with today and the 30 and 90 day marks\">\n");

            double today = X(utcNow), in30 = X(utcNow.AddDays(30)), in90 = X(utcNow.AddDays(90));
            int bottom = Top + clusters.Count * Lane;
            html.Append(Rect(Gutter, Top - 6, today - Gutter, bottom - Top + 6, "zone expired"))
                .Append(Rect(today, Top - 6, in30 - today, bottom - Top + 6, "zone d30"))
                .Append(Rect(in30, Top - 6, in90 - in30, bottom - Top + 6, "zone d90"));

            AppendMonthTicks(html, start, end, X, bottom);
            html.Append(Line(today, Top - 14, today, bottom, "today")).Append(Text(today, Top - 18, "today", "mark"))
                .Append(Line(in30, Top - 6, in30, bottom, "limit")).Append(Text(in30, Top - 8, "30 d", "mark small"))
                .Append(Line(in90, Top - 6, in90, bottom, "limit")).Append(Text(in90, Top - 8, "90 d", "mark small"));

            for (int lane = 0; lane < clusters.Count; lane++)
            {
                double y = Top + lane * Lane + Lane / 2.0;
                html.Append(Line(Gutter, y, Width - Right, y, "lane"));
                html.Append("<text class=\"cluster\" x=\"").Append(Gutter - 8).Append("\" y=\"").Append(Num(y + 4)).Append("\" text-anchor=\"end\">")
                    .Append(Encode(Shorten(clusters[lane], 22))).Append("<title>").Append(Encode(clusters[lane])).Append("</title></text>\n");

                // Certificates of one cluster expiring the same day share one marker with a count: clusters often
                // renew everything at once.
                foreach (IGrouping<DateTime, Row> day in rows.Where(r => r.Cluster == clusters[lane]).GroupBy(r => r.NotAfterUtc.Date).OrderBy(g => g.Key))
                {
                    Row worst = day.OrderBy(r => r.Days).First();
                    string tooltip = string.Join("\n", day.Select(r => $"{r.Cluster} / {r.Certificate.Name}: {Date(r.NotAfterUtc, "yyyy-MM-dd")} ({DaysText(r.Days)} days, {ExpiryStatuses.Label(r.Status)})"));
                    AppendMarker(html, X(worst.NotAfterUtc), y, worst.Status, day.Count(), tooltip);
                }
            }

            html.Append("</svg></div>\n<p class=\"legend\">")
                .Append(string.Join(" ", new[] { ExpiryStatus.Expired, ExpiryStatus.Under30Days, ExpiryStatus.Under90Days, ExpiryStatus.Ok }
                    .Select(s => $"<span class=\"key\"><svg viewBox=\"-9 -9 18 18\" width=\"16\" height=\"16\" aria-hidden=\"true\">{Shape(s, 0, 0)}</svg> {ExpiryStatuses.Label(s)}</span>")))
                .Append(" <span class=\"key\">&#215;N: certificates expiring the same day</span></p></section>\n");
        }

        private static void AppendMonthTicks(StringBuilder html, DateTime start, DateTime end, Func<DateTime, double> x, int bottom)
        {
            int step = (end - start).TotalDays > 500 ? 3 : (end - start).TotalDays > 250 ? 2 : 1;
            var month = new DateTime(start.Year, start.Month, 1, 0, 0, 0, DateTimeKind.Utc).AddMonths(1);
            for (; month < end; month = month.AddMonths(step))
            {
                double at = x(month);
                html.Append(Line(at, bottom, at, bottom + 5, "tick"))
                    .Append(Text(at, bottom + 18, month.Month == 1 ? Date(month, "MMM yyyy") : Date(month, "MMM"), "tick"));
            }
        }

        private static void AppendMarker(StringBuilder html, double x, double y, ExpiryStatus status, int count, string tooltip)
        {
            html.Append("<g class=\"marker ").Append(ExpiryStatuses.CssClass(status)).Append("\"><title>").Append(Encode(tooltip)).Append("</title>")
                .Append(Shape(status, x, y));
            if (count > 1)
            {
                html.Append(Text(x + 10, y - 7, "\u00D7" + count.ToString(CultureInfo.InvariantCulture), "count", "start"));
            }

            html.Append("</g>\n");
        }

        /// <summary>A shape per status (cross, triangle, diamond, circle), so the timeline reads without colour.</summary>
        private static string Shape(ExpiryStatus status, double x, double y)
        {
            string cls = ExpiryStatuses.CssClass(status);
            switch (status)
            {
                case ExpiryStatus.Expired:
                    return $"<path class=\"shape {cls}\" d=\"M{Num(x - 6)} {Num(y - 6)} L{Num(x + 6)} {Num(y + 6)} M{Num(x + 6)} {Num(y - 6)} L{Num(x - 6)} {Num(y + 6)}\"/>";
                case ExpiryStatus.Under30Days:
                    return $"<path class=\"shape {cls}\" d=\"M{Num(x)} {Num(y - 7)} L{Num(x + 7)} {Num(y + 6)} L{Num(x - 7)} {Num(y + 6)} Z\"/>";
                case ExpiryStatus.Under90Days:
                    return $"<path class=\"shape {cls}\" d=\"M{Num(x)} {Num(y - 7)} L{Num(x + 7)} {Num(y)} L{Num(x)} {Num(y + 7)} L{Num(x - 7)} {Num(y)} Z\"/>";
                default:
                    return $"<circle class=\"shape {cls}\" cx=\"{Num(x)}\" cy=\"{Num(y)}\" r=\"6\"/>";
            }
        }

        private static void AppendTable(StringBuilder html, List<Row> rows)
        {
            html.Append("<section><h2>Certificates, soonest expiry first</h2>\n");
            if (rows.Count == 0)
            {
                html.Append("<p>No certificate was given to the report.</p></section>\n");
                return;
            }

            html.Append("<table>\n<thead><tr><th>Status</th><th class=\"num\">Days left</th><th>Expires (UTC)</th><th>Cluster</th><th>Name</th><th>Subject</th><th>Issuer</th><th>Thumbprint</th></tr></thead>\n<tbody>\n");
            foreach (Row row in rows)
            {
                RECertificate c = row.Certificate;
                html.Append("<tr class=\"").Append(ExpiryStatuses.CssClass(row.Status)).Append("\">")
                    .Append(Cell("Status", Badge(row.Status), null))
                    .Append(Cell("Days left", Encode(DaysText(row.Days)), "num"))
                    .Append(Cell("Expires (UTC)", Date(row.NotAfterUtc, "yyyy-MM-dd HH:mm"), "date"))
                    .Append(Cell("Cluster", Encode(row.Cluster), null))
                    .Append(Cell("Name", "<strong>" + Breakable(c.Name) + "</strong><div class=\"key\">" + Encode(c.KeyAlgorithm) + "</div>", null))
                    .Append(Cell("Subject", Breakable(c.Subject) + (c.DnsNames.Length > 0 ? "<div class=\"dns\">" + Breakable(string.Join(", ", c.DnsNames)) + "</div>" : string.Empty), "wrap subject"))
                    .Append(Cell("Issuer", Breakable(c.Issuer), "wrap issuer"))
                    .Append(Cell("Thumbprint", "<code>" + Grouped(c.Thumbprint) + "</code>", null))
                    .Append("</tr>\n");
            }

            html.Append("</tbody>\n</table></section>\n");
        }

        /// <summary>
        /// The certificates the clusters make and rotate themselves (Get-RECertificate -IncludeInternal): a section of
        /// their own, since nobody replaces them by hand; only a name and an expiry date are known of them.
        /// </summary>
        private static void AppendInternalTable(StringBuilder html, List<Row> rows)
        {
            if (rows.Count == 0)
            {
                return;
            }

            html.Append("<section><h2>Internal certificates, rotated by the clusters themselves</h2>\n")
                .Append("<p>Each cluster regenerates these on its own schedule (Get-RECertificatePolicy); one that is close to expiry means that schedule did not run. Update-REInternalCertificate regenerates them now.</p>\n")
                .Append("<table>\n<thead><tr><th>Status</th><th class=\"num\">Days left</th><th>Expires (UTC)</th><th>Cluster</th><th>Name</th></tr></thead>\n<tbody>\n");
            foreach (Row row in rows)
            {
                html.Append("<tr class=\"").Append(ExpiryStatuses.CssClass(row.Status)).Append(" internal\">")
                    .Append(Cell("Status", Badge(row.Status), null))
                    .Append(Cell("Days left", Encode(DaysText(row.Days)), "num"))
                    .Append(Cell("Expires (UTC)", Date(row.NotAfterUtc, "yyyy-MM-dd HH:mm"), "date"))
                    .Append(Cell("Cluster", Encode(row.Cluster), null))
                    .Append(Cell("Name", "<strong>" + Encode(row.Certificate.Name) + "</strong>", null))
                    .Append("</tr>\n");
            }

            html.Append("</tbody>\n</table></section>\n");
        }

        private static string Badge(ExpiryStatus status)
        {
            string symbol = status == ExpiryStatus.Expired ? "&#10006;" : status == ExpiryStatus.Under30Days ? "&#9650;" : status == ExpiryStatus.Under90Days ? "&#9670;" : "&#10003;";
            return $"<span class=\"badge {ExpiryStatuses.CssClass(status)}\">{symbol} {ExpiryStatuses.Label(status)}</span>";
        }

        // The content sits in one element, so a narrow screen's two-column card (label, value) keeps its shape.
        private static string Cell(string label, string content, string? cls) =>
            $"<td data-label=\"{label}\"{(cls == null ? string.Empty : $" class=\"{cls}\"")}><div>{content}</div></td>";

        private static string DaysText(int days) => days.ToString(CultureInfo.InvariantCulture);

        private static string Rect(double x, double y, double width, double height, string cls) =>
            width <= 0 ? string.Empty : $"<rect class=\"{cls}\" x=\"{Num(x)}\" y=\"{Num(y)}\" width=\"{Num(width)}\" height=\"{Num(height)}\"/>\n";

        private static string Line(double x1, double y1, double x2, double y2, string cls) =>
            $"<line class=\"{cls}\" x1=\"{Num(x1)}\" y1=\"{Num(y1)}\" x2=\"{Num(x2)}\" y2=\"{Num(y2)}\"/>\n";

        private static string Text(double x, double y, string text, string cls, string anchor = "middle") =>
            $"<text class=\"{cls}\" x=\"{Num(x)}\" y=\"{Num(y)}\" text-anchor=\"{anchor}\">{Encode(text)}</text>\n";

        private static string Num(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

        private static string Date(DateTime utc, string format) => utc.ToString(format, CultureInfo.InvariantCulture);

        private static string Plural(int count, string noun) => $"{count} {noun}{(count == 1 ? string.Empty : "s")}";

        private static string Shorten(string text, int length) => text.Length <= length ? text : text.Substring(0, length - 1) + "\u2026";

        private static DateTime Clamp(DateTime value, DateTime min, DateTime max) => value < min ? min : value > max ? max : value;

        private static string Encode(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);

        /// <summary>
        /// Encoded text that may wrap after the separators of names ('.', '_', '@', '/') as well as at spaces: a
        /// narrow column then breaks a host or certificate name between its parts, never inside a word (which
        /// 'overflow-wrap: anywhere' did, squeezing every column to a letter or two and rows to ten lines).
        /// </summary>
        private static string Breakable(string? text)
        {
            var html = new StringBuilder();
            foreach (char ch in text ?? string.Empty)
            {
                html.Append(WebUtility.HtmlEncode(ch.ToString()));
                if (ch == '.' || ch == '_' || ch == '@' || ch == '/')
                {
                    html.Append("<wbr>");
                }
            }

            return html.ToString();
        }

        /// <summary>A thumbprint that may wrap only between its two halves of twenty digits; copying it still gives the digits alone.</summary>
        private static string Grouped(string thumbprint)
        {
            var html = new StringBuilder();
            for (int i = 0; i < thumbprint.Length; i += 20)
            {
                if (i > 0)
                {
                    html.Append("<wbr>");
                }

                html.Append(Encode(thumbprint.Substring(i, Math.Min(20, thumbprint.Length - i))));
            }

            return html.ToString();
        }

        private sealed class Row
        {
            public Row(RECertificate certificate, DateTime utcNow)
            {
                Certificate = certificate;
                NotAfterUtc = certificate.NotAfter.ToUniversalTime();
                Days = ExpiryStatuses.DaysRemaining(NotAfterUtc, utcNow);
                Status = ExpiryStatuses.Of(NotAfterUtc, utcNow);
                Cluster = certificate.ClusterName ?? "(not read from a cluster)";
            }

            public RECertificate Certificate { get; }

            public DateTime NotAfterUtc { get; }

            public int Days { get; }

            public ExpiryStatus Status { get; }

            public string Cluster { get; }
        }

        // Colours from a palette colour-blind readers tell apart (no red/green pair: OK is blue), each with a shape
        // and words as well; print keeps them (print-color-adjust) and adds borders for black-and-white printers.
        private const string Style = @"
:root { --expired: #a50f15; --d30: #c2410c; --d90: #b7791f; --ok: #1d4ed8; --failed: #6b21a8; --ink: #1f2328; --muted: #57606a; --line: #d0d7de; }
* { box-sizing: border-box; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; font: 15px/1.45 system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif; color: var(--ink); background: #fff; }
main { max-width: 1440px; margin: 0 auto; padding: 16px; }
h1 { font-size: 1.5rem; margin: 0 0 4px; } h2 { font-size: 1.15rem; margin: 24px 0 8px; }
.meta { color: var(--muted); margin: 0; }
.summary { display: grid; grid-template-columns: repeat(auto-fit, minmax(165px, 1fr)); gap: 10px; margin-top: 16px; }
.tile { border: 1px solid var(--line); border-left: 8px solid; border-radius: 6px; padding: 10px 12px; display: flex; flex-wrap: wrap; align-items: center; gap: 4px 10px; }
.tile .count { font-size: 1.9rem; font-weight: 700; min-width: 1.5ch; }
.tile.none { opacity: .55; }
.tile.expired { border-left-color: var(--expired); } .tile.d30 { border-left-color: var(--d30); } .tile.d90 { border-left-color: var(--d90); } .tile.ok { border-left-color: var(--ok); } .tile.failed { border-left-color: var(--failed); }
.badge { display: inline-block; white-space: nowrap; font-weight: 700; font-size: .85rem; padding: 2px 8px; border-radius: 999px; border: 1px solid transparent; }
.badge.expired { background: var(--expired); color: #fff; } .badge.d30 { background: var(--d30); color: #fff; }
.badge.d90 { background: #fde68a; color: #5c3d00; border-color: var(--d90); } .badge.ok { background: #dbeafe; color: #1e3a8a; border-color: #93c5fd; }
.badge.failed { background: #f3e8ff; color: var(--failed); border-color: #c4b5fd; }
.failures { border: 2px solid var(--failed); border-radius: 6px; padding: 4px 14px 8px; margin-top: 16px; background: #faf5ff; }
.failures h2 { color: var(--failed); margin-top: 8px; } .failures li { margin: 4px 0; overflow-wrap: anywhere; }
.scroll { overflow-x: auto; }
svg.timeline { width: 100%; min-width: 620px; height: auto; display: block; font-size: 13px; }
.zone.expired { fill: #fde2e4; } .zone.d30 { fill: #ffedd5; } .zone.d90 { fill: #fef9c3; }
.lane { stroke: var(--line); stroke-width: 1; } .tick { stroke: var(--muted); fill: var(--muted); font-size: 12px; }
text.tick { stroke: none; } .today { stroke: var(--ink); stroke-width: 2; } .limit { stroke: var(--muted); stroke-dasharray: 4 3; }
.mark { font-weight: 700; fill: var(--ink); } .mark.small { font-weight: 400; font-size: 11px; fill: var(--muted); }
.cluster { fill: var(--ink); font-weight: 600; } .count { font-size: 12px; font-weight: 700; fill: var(--ink); }
.shape { stroke: #fff; stroke-width: 1.5; } path.shape.expired { stroke: var(--expired); stroke-width: 3.5; fill: none; }
.shape.d30 { fill: var(--d30); } .shape.d90 { fill: var(--d90); } .shape.ok { fill: var(--ok); }
.legend { color: var(--muted); display: flex; flex-wrap: wrap; gap: 6px 18px; margin: 6px 0 0; }
.legend .key { display: inline-flex; align-items: center; gap: 6px; } .legend svg .shape { stroke: #fff; }
.legend svg path.shape.expired { stroke: var(--expired); }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; padding: 7px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #f6f8fa; position: sticky; top: 0; font-size: .85rem; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; } td.wrap { overflow-wrap: break-word; } td.date { white-space: nowrap; }
td.subject { min-width: 13em; } td.issuer { min-width: 10em; } .key { color: var(--muted); font-size: .85rem; white-space: nowrap; }
tr.expired td:first-child { box-shadow: inset 6px 0 var(--expired); } tr.d30 td:first-child { box-shadow: inset 6px 0 var(--d30); }
tr.d90 td:first-child { box-shadow: inset 6px 0 var(--d90); } tr.ok td:first-child { box-shadow: inset 6px 0 var(--ok); }
tr.expired { background: #fff5f5; } tr.d30 { background: #fffaf3; }
.dns { color: var(--muted); font-size: .85rem; } code { font-size: .75rem; }
@media (max-width: 760px) {
  main { padding: 10px; } thead { display: none; } table, tbody, tr, td { display: block; width: 100%; }
  tr { border: 1px solid var(--line); border-radius: 6px; margin: 0 0 10px; padding: 4px 0; }
  tr.expired { border-left: 8px solid var(--expired); } tr.d30 { border-left: 8px solid var(--d30); } tr.d90 { border-left: 8px solid var(--d90); } tr.ok { border-left: 8px solid var(--ok); }
  tr td:first-child { box-shadow: none; }
  td.subject, td.issuer { min-width: 0; }
  td { border: 0; padding: 3px 10px; display: grid; grid-template-columns: 7.5em 1fr; gap: 8px; text-align: left !important; }
  td::before { content: attr(data-label); font-weight: 600; color: var(--muted); font-size: .85rem; }
}
@media print {
  main { max-width: none; padding: 0; } th { position: static; } .scroll { overflow: visible; } svg.timeline { min-width: 0; }
  .badge { border-color: #000 !important; } tr { break-inside: avoid; }
}
";
    }

    /// <summary>Something the report could not read (a cluster, or one certificate): what, and why.</summary>
    internal sealed class ReportFailure
    {
        public ReportFailure(string target, string message)
        {
            Target = target;
            Message = message;
        }

        public string Target { get; }

        public string Message { get; }
    }
}
