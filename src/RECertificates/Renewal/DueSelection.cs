using System;
using System.Collections.Generic;
using System.Linq;
using RECertificates.Certificates;

namespace RECertificates.Renewal
{
    /// <summary>
    /// Which of a cluster's certificates a renewal run looks at, and which of those are due: every certificate -Name
    /// selects, except the trusted ones the cluster keeps no key for (mtls_trusted_ca, sso_issuer: their issuer hands
    /// them out, no request can renew them) and the internal ones the cluster rotates itself; due when it expires
    /// within the given days (an expired one is due too). Pure, so the rule is tested without a cluster.
    /// </summary>
    internal static class DueSelection
    {
        /// <summary>-ExpiringWithinDays when not given, the same 30 days the validator warns at.</summary>
        public const int DefaultWithinDays = CertificateValidator.ExpiryWarningDays;

        /// <summary>Whether a certificate a run may renew is due.</summary>
        public static bool IsDue(DateTime notAfterUtc, int withinDays, DateTime utcNow) => notAfterUtc <= utcNow.AddDays(withinDays);

        /// <summary>Whether a run renews this certificate at all, due or not.</summary>
        public static bool IsRenewable(string name, bool isInternal) => !isInternal && !CertificateNames.IsKeyless(name);

        /// <summary>
        /// The renewable certificates -Name selects, in name order, each with whether it is due.
        /// </summary>
        /// <param name="isInternal">Whether the cluster rotates the certificate itself (Get-RECertificate -IncludeInternal's IsInternal).</param>
        /// <param name="selected">-Name's filter (wildcards); every name when -Name was not given.</param>
        public static IReadOnlyList<(T Certificate, bool IsDue)> Select<T>(
            IEnumerable<T> certificates,
            Func<T, string> name,
            Func<T, DateTime> notAfterUtc,
            Func<T, bool> isInternal,
            Func<string, bool> selected,
            int withinDays,
            DateTime utcNow) =>
            certificates
                .Where(c => selected(name(c)) && IsRenewable(name(c), isInternal(c)))
                .OrderBy(name, StringComparer.Ordinal)
                .Select(c => (c, IsDue(notAfterUtc(c), withinDays, utcNow)))
                .ToList();
    }
}
