using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace RECertificates.Renewal
{
    /// <summary>
    /// The report's section on what the nodes serve (REServedCertificate objects piped in): a node that serves
    /// another certificate than the cluster's record comes first, marked in colour, shape and words; then the
    /// endpoints that could not be read; then those that are current.
    /// </summary>
    internal static partial class ExpiryReport
    {
        private static void AppendServed(StringBuilder html, IReadOnlyList<REServedCertificate> served)
        {
            if (served.Count == 0)
            {
                return;
            }

            int behind = served.Count(s => s.Error == null && !s.MatchesCluster);
            int unreadable = served.Count(s => s.Error != null);
            html.Append("<section class=\"served\"><h2>").Append(behind > 0 ? "&#9888; " : string.Empty).Append("What the nodes serve</h2>\n<p>")
                .Append(Plural(served.Count - behind - unreadable, "endpoint")).Append(" serve what the cluster's record holds; ")
                .Append("<strong>").Append(Plural(behind, "endpoint")).Append(" serve something else</strong>; ")
                .Append(Plural(unreadable, "endpoint")).Append(" could not be read.</p>\n");
            html.Append("<table>\n<thead><tr><th>Serves</th><th>Cluster</th><th>Name</th><th class=\"num\">Node</th><th>Address</th><th>Thumbprint served</th><th>Why unread</th></tr></thead>\n<tbody>\n");
            foreach (REServedCertificate endpoint in served
                .OrderBy(s => s.Error == null && !s.MatchesCluster ? 0 : s.Error != null ? 1 : 2)
                .ThenBy(s => s.ClusterName, StringComparer.Ordinal).ThenBy(s => s.Name, StringComparer.Ordinal).ThenBy(s => s.NodeUid))
            {
                bool isBehind = endpoint.Error == null && !endpoint.MatchesCluster;
                string badge = isBehind ? "<span class=\"badge expired\">&#10006; Something else</span>"
                    : endpoint.Error != null ? "<span class=\"badge failed\">&#9888; Not read</span>"
                    : "<span class=\"badge ok\">&#10003; Current</span>";
                html.Append("<tr class=\"").Append(isBehind ? "expired" : endpoint.Error != null ? "d90" : "ok").Append("\">")
                    .Append(Cell("Serves", badge, null))
                    .Append(Cell("Cluster", Encode(endpoint.ClusterName ?? "(unknown)"), null))
                    .Append(Cell("Name", "<strong>" + Encode(endpoint.Name) + "</strong>", null))
                    .Append(Cell("Node", Encode(endpoint.NodeUid?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "-"), "num"))
                    .Append(Cell("Address", Encode($"{endpoint.Address}:{endpoint.Port}"), null))
                    .Append(Cell("Thumbprint served", "<code>" + Encode(endpoint.Thumbprint) + "</code>", "wrap"))
                    .Append(Cell("Why unread", Encode(endpoint.Error), "wrap"))
                    .Append("</tr>\n");
            }

            html.Append("</tbody>\n</table></section>\n");
        }
    }
}
