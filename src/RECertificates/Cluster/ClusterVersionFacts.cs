using System;
using System.Collections.Generic;
using System.Linq;
using RECertificates.Certificates;

namespace RECertificates.Cluster
{
    /// <summary>
    /// What the module knows about Redis Enterprise versions, in one place: which certificate names exist from which
    /// version, which write endpoint, and the known defects it works around. Every row cites the page of the redis/docs
    /// repository it comes from (paths under content/operate/rs/). Validation, request planning and tab completion
    /// read these rows; the simulator keeps its own copy on purpose, so it stays an independent opponent.
    /// A version the module cannot read is "unknown": no rule here applies to it, and the cluster decides.
    /// </summary>
    internal static class ClusterVersionFacts
    {
        /// <summary>
        /// The names every supported version has (7.4/security/certificates/_index.md), so no version refuses them.
        /// Every name of <see cref="CertificateNames.All"/> is here or in <see cref="Names"/>, once: a test holds them together.
        /// </summary>
        public static IReadOnlyList<string> InEverySupportedVersion { get; } = new[]
        {
            CertificateNames.Api, CertificateNames.Cm, CertificateNames.LdapClient, CertificateNames.MetricsExporter,
            CertificateNames.Proxy, CertificateNames.Syncer,
        };

        /// <summary>Names that came after the oldest version the module supports.</summary>
        public static IReadOnlyList<VersionFact> Names { get; } = new[]
        {
            new VersionFact(CertificateNames.MtlsTrustedCa, "7.8.4",
                "release-notes/rs-7-8-releases/rs-7-8-4-18.md (certificate-based authentication: mtls_trusted_ca); 7.8/security/certificates/_index.md"),
            // The module refuses a name only where no release of that line has it, as the contract fixes ("from 7.22"
            // is 7.22.0, "from 8.0" is 8.0.0). The release notes date the customer-managed internode certificates to
            // 7.22.2 and SAML to 8.0.6: between those, the cluster decides (a refusal there would block a cluster that
            // has the name; letting it through costs one clear error from the cluster).
            new VersionFact(CertificateNames.CcsInternodeEncryption, "7.22",
                "7.22/security/certificates/_index.md; customer-managed from 7.22.2: release-notes/rs-7-22-releases/rs-7-22-2-14.md"),
            new VersionFact(CertificateNames.DataInternodeEncryption, "7.22",
                "7.22/security/certificates/_index.md; customer-managed from 7.22.2: release-notes/rs-7-22-releases/rs-7-22-2-14.md"),
            new VersionFact(CertificateNames.SsoIssuer, "8.0",
                "8.0/security/certificates/_index.md; SAML single sign-on new in 8.0.6: release-notes/rs-8-0-releases/rs-8-0-6-54.md"),
            new VersionFact(CertificateNames.SsoService, "8.0",
                "8.0/security/certificates/_index.md; SAML single sign-on new in 8.0.6: release-notes/rs-8-0-releases/rs-8-0-6-54.md"),
        };

        /// <summary>PUT /v1/cluster/certificates, all certificates in one request; older clusters answer 404 to it.</summary>
        public static VersionFact BulkCertificateUpdate { get; } = new VersionFact("PUT /v1/cluster/certificates", "7.22.2",
            "references/rest-api/requests/cluster/certificates/_index.md (update_cert deprecated as of 7.22.2, use PUT /v1/cluster/certificates); release-notes/rs-7-22-releases/rs-7-22-2-14.md");

        /// <summary>8.2.0 checks at upload that api, cm, metrics_exporter and proxy suit the configured cipher suites.</summary>
        public static VersionFact CipherSuiteCheck { get; } = new VersionFact("upload check against the configured cipher suites", "8.2.0",
            "release-notes/rs-8-2-releases/rs-8-2-0-25.md");

        // The known defects. Each row: the release notes' id, what the module does about it (its rule), what happens,
        // the way out, where the notes say so, and the versions it affects. A fix the notes do not record in a line that
        // shipped after the fix (8.2.0 for RS199373, RS208996 and RS194253: its notes say nothing of them, and 8.0.20-96
        // came after 8.2.0-25) is a range of its own, FixNotRecorded: a workaround is kept there, a refusal only warns.
        // Adding a defect is one row here (and in Defects below) plus its rule where the module meets it.
        private static readonly DefectRange Line82 = DefectRange.FixNotRecorded("8.2.0", "8.3.0");

        /// <summary>RS61676: on 7.4, updating a full chain fails when a certificate in it has no CN.</summary>
        public static KnownDefect ChainWithoutCommonName { get; } = new KnownDefect("RS61676", DefectRule.Refuse,
            "updating a full chain fails when a certificate in it has no common name (CN)",
            "issue the chain from CAs whose certificates carry a CN, or upgrade the cluster to 7.8 or later",
            "release-notes/rs-7-4-2-releases/ (every 7.4.2 release's known issues; no fix recorded)",
            DefectRange.Affected("7.4.0", "7.5.0"));

        /// <summary>RS125930: chains with extensions the cluster does not know are refused.</summary>
        public static KnownDefect UnknownExtensions { get; } = new KnownDefect("RS125930", DefectRule.Warn,
            "a chain with a certificate extension the cluster does not know is refused",
            "if the cluster refuses it, upgrade to 7.4.2-216 or later, or issue the chain without those extensions",
            "release-notes/rs-7-4-2-releases/rs-7-4-2-216.md",
            DefectRange.Affected("7.0.0", "7.4.2-216"));

        /// <summary>RS154601 / RS122668: new proxy workers keep serving the old certificate after an update.</summary>
        public static KnownDefect ProxyKeepsOldCertificate { get; } = new KnownDefect("RS154601 / RS122668", DefectRule.Warn,
            "proxy workers started after the update can keep serving the old proxy certificate",
            "verify what the database endpoints serve (Get-REServedCertificate -Name proxy, or Set-RECertificate -Verify); upgrade to 7.8.6-36 or 7.22.0-95",
            "release-notes/rs-7-8-releases/rs-7-8-6-36.md; release-notes/rs-7-22-releases/rs-7-22-0-95.md",
            DefectRange.Affected("7.0.0", "7.8.6-36"), DefectRange.Affected("7.22.0", "7.22.0-95"));

        /// <summary>RS162972: with certificate login on, the REST API answers only on the primary node.</summary>
        public static KnownDefect CertificateLoginPrimaryOnly { get; } = new KnownDefect("RS162972", DefectRule.Warn,
            "with certificate-based login on, the REST API answers only on the primary (master) node",
            "connect to the primary node's address (or the cluster FQDN) for certificate login; upgrade to 7.22.2-14 or 8.0.2-17",
            "release-notes/rs-7-22-releases/rs-7-22-2-14.md; release-notes/rs-8-0-releases/rs-8-0-2-17.md",
            DefectRange.Affected("7.8.4", "7.22.2-14"), DefectRange.Affected("8.0.0", "8.0.2-17"));

        /// <summary>RS176474: an internode certificate without clientAuth can bring the cluster down; only the fix refuses it at upload.</summary>
        public static KnownDefect InternodeWithoutClientAuth { get; } = new KnownDefect("RS176474", DefectRule.Refuse,
            "an internode encryption certificate without the clientAuth extended key usage can bring the cluster down (only the fixed versions refuse it at upload)",
            "issue the certificate with both serverAuth and clientAuth, or upgrade the cluster to 7.22.2-79 or 8.0.10-64 first",
            "release-notes/rs-7-22-releases/rs-7-22-2-79.md; release-notes/rs-8-0-releases/rs-8-0-10-64.md",
            DefectRange.Affected("7.22.2", "7.22.2-79"), DefectRange.Affected("8.0.0", "8.0.10-64"));

        /// <summary>RS194253: an internode chain of three or more certificates: intermediates not trusted, internode TLS fails.</summary>
        public static KnownDefect LongInternodeChain { get; } = new KnownDefect("RS194253", DefectRule.Refuse,
            "an internode encryption chain of three or more certificates: the intermediates are not added to the trust store and internode TLS fails",
            "give the leaf and the one CA that issued it (a chain of two), or upgrade the cluster to 8.0.20-68 or later",
            "release-notes/rs-8-0-releases/rs-8-0-20-68.md",
            DefectRange.Affected("7.22.2", "8.0.20-68"), Line82);

        /// <summary>
        /// Updating ccs_internode_encryption ("CPINE") together with other certificates could corrupt a certificate and
        /// key pair and make upgrades fail. Only a request with several certificates can do that, so the affected range
        /// starts where such a request does (7.22.2) and ends at the fix.
        /// </summary>
        public static KnownDefect MixedInternodeUpdate { get; } = new KnownDefect("RS199373", DefectRule.WorkAround,
            "updating ccs_internode_encryption together with other certificates can corrupt a certificate and key pair and make later upgrades fail",
            "the module sends ccs_internode_encryption in a request of its own, after the others",
            "release-notes/rs-8-0-releases/rs-8-0-20-68.md",
            DefectRange.Affected("7.22.2", "8.0.20-68"), Line82);

        /// <summary>A custom internode certificate restarted the heartbeat service: port 9443 unreachable for minutes.</summary>
        public static KnownDefect InternodeApiOutage { get; } = new KnownDefect("RS208996", DefectRule.WorkAround,
            "applying a custom internode encryption certificate can make the REST API (port 9443) unreachable on all nodes for several minutes",
            "the module waits for the REST API to answer again after an internode change",
            "release-notes/rs-8-0-releases/rs-8-0-20-96.md",
            DefectRange.Affected("7.22.2", "8.0.20-96"), Line82);

        /// <summary>RS193156: after 8.0.16-33, AD LDAP login to the UI fails until ldap_client is sent again.</summary>
        public static KnownDefect LdapLoginFails { get; } = new KnownDefect("RS193156", DefectRule.Warn,
            "Active Directory LDAP login to the Cluster Manager UI can fail",
            "if AD users cannot log in to the UI, send ldap_client again (Set-RECertificate with the same file), or upgrade to 8.0.18-23",
            "release-notes/rs-8-0-releases/rs-8-0-18-23.md",
            DefectRange.Affected("8.0.16-33", "8.0.18-23"));

        /// <summary>
        /// RS200137: rotating the internal certificates (POST /v1/cluster/certificates/rotate) skipped the nodes that were
        /// down and never retried them, leaving those nodes with the old certificates. Every supported version before the fix.
        /// </summary>
        public static KnownDefect InternalRotationSkipsDownNodes { get; } = new KnownDefect("RS200137", DefectRule.Refuse,
            "rotating the internal certificates skips the nodes that are down and never retries them, so those nodes keep the old certificates",
            "bring every node back (GET /v1/nodes shows them all 'active') before rotating, give -Force to rotate anyway, or upgrade to 8.2.0-46",
            "release-notes/rs-8-2-0-releases/rs-8-2-0-46.md",
            DefectRange.Affected("7.4.0", "8.2.0-46"));

        /// <summary>Every known defect, one row each; the about topic's table and the simulator are held to it.</summary>
        public static IReadOnlyList<KnownDefect> Defects { get; } = new[]
        {
            ChainWithoutCommonName, UnknownExtensions, ProxyKeepsOldCertificate, CertificateLoginPrimaryOnly,
            InternodeWithoutClientAuth, LongInternodeChain, MixedInternodeUpdate, InternodeApiOutage, LdapLoginFails,
            InternalRotationSkipsDownNodes,
        };

        /// <summary>The health report with the internal certificates' expiry (GET /v4/cluster/health).</summary>
        public static VersionFact HealthReport { get; } = new VersionFact("GET /v4/cluster/health", "8.0.16",
            "monitoring/health-report.md (certificates[]: type, expired, valid_until)");

        /// <summary>How long to wait for the REST API after an internode change on a version with RS208996 ("several minutes").</summary>
        public static TimeSpan InternodeApiOutageBound { get; } = TimeSpan.FromMinutes(10);

        /// <summary>The first version that has <paramref name="name"/>; null when every supported version has it, or the module does not know it.</summary>
        public static SoftwareVersion? FirstVersionWith(string name)
        {
            string normalized = CertificateNames.Normalize(name);
            return Names.FirstOrDefault(n => n.Subject == normalized)?.Since;
        }

        /// <summary>Whether a cluster of <paramref name="version"/> has the name. Unknown versions and unknown names: yes (the cluster decides).</summary>
        public static bool HasName(SoftwareVersion? version, string name)
        {
            string normalized = CertificateNames.Normalize(name);
            if (InEverySupportedVersion.Contains(normalized))
            {
                return true;
            }

            // A row decides; a name the module does not know is the cluster's to judge (a newer one may have it).
            return Names.FirstOrDefault(n => n.Subject == normalized)?.IsIn(version) ?? true;
        }
    }

    /// <summary>Something that came with a version (a certificate name, an endpoint), and where the docs say so.</summary>
    internal sealed class VersionFact
    {
        public VersionFact(string subject, string since, string source)
        {
            Subject = subject;
            Since = SoftwareVersion.Parse(since);
            Source = source;
        }

        /// <summary>The certificate name or the endpoint.</summary>
        public string Subject { get; }

        public SoftwareVersion Since { get; }

        public string Source { get; }

        /// <summary>Unknown versions: yes, as before the module read versions (the cluster then decides).</summary>
        public bool IsIn(SoftwareVersion? version) => version == null || version >= Since;
    }

    /// <summary>What the module does about a known defect.</summary>
    internal enum DefectRule
    {
        /// <summary>Refuse, before sending, what would break the cluster (ErrorId KnownDefect); a warning where no fix is recorded.</summary>
        Refuse,

        /// <summary>Send, with a warning that says what to check.</summary>
        Warn,

        /// <summary>Send differently (a request of its own, a wait), as the request plan says.</summary>
        WorkAround,
    }

    /// <summary>How a version stands to a defect.</summary>
    internal enum DefectStatus
    {
        NotAffected,

        /// <summary>The release notes say this version has it.</summary>
        Affected,

        /// <summary>A later line whose notes do not say it carries the fix: the workaround is kept, a refusal only warns.</summary>
        FixNotRecorded,
    }

    /// <summary>Versions from <see cref="From"/> up to (not including) <see cref="Until"/>.</summary>
    internal sealed class DefectRange
    {
        private DefectRange(string from, string until, DefectStatus status)
        {
            From = SoftwareVersion.Parse(from);
            Until = SoftwareVersion.Parse(until);
            Status = status;
        }

        public SoftwareVersion From { get; }

        /// <summary>The fix, for an Affected range; the next line, for a FixNotRecorded one.</summary>
        public SoftwareVersion Until { get; }

        public DefectStatus Status { get; }

        public static DefectRange Affected(string from, string fixedIn) => new DefectRange(from, fixedIn, DefectStatus.Affected);

        public static DefectRange FixNotRecorded(string from, string until) => new DefectRange(from, until, DefectStatus.FixNotRecorded);

        public bool Contains(SoftwareVersion version) => version >= From && version < Until;

        /// <summary>"7.22.2 up to 7.22.2-79", or "8.2.0 up to 8.3.0, no fix recorded": how help and messages say it.</summary>
        public override string ToString() =>
            Status == DefectStatus.FixNotRecorded ? $"{From} up to {Until}, no fix recorded" : $"{From} up to {Until}";
    }

    /// <summary>A defect of some versions, from the release notes of the version that fixed it.</summary>
    internal sealed class KnownDefect
    {
        public KnownDefect(string id, DefectRule rule, string description, string wayOut, string source, params DefectRange[] ranges)
        {
            Id = id;
            Rule = rule;
            Description = description;
            WayOut = wayOut;
            Source = source;
            Ranges = ranges;
        }

        /// <summary>The release notes' id, such as RS199373: what an operator searches for.</summary>
        public string Id { get; }

        public DefectRule Rule { get; }

        public string Description { get; }

        /// <summary>What to do instead (or, for a workaround, what the module does).</summary>
        public string WayOut { get; }

        public string Source { get; }

        public IReadOnlyList<DefectRange> Ranges { get; }

        /// <summary>Every range, as help lists them: "7.22.2 up to 7.22.2-79; 8.0.0 up to 8.0.10-64".</summary>
        public string RangeText => string.Join("; ", Ranges.Select(r => r.ToString()));

        /// <summary>Unknown versions: not affected (the module then behaves as it did before it knew of the defect).</summary>
        public DefectStatus StatusIn(SoftwareVersion? version) =>
            version == null ? DefectStatus.NotAffected : Ranges.FirstOrDefault(r => r.Contains(version))?.Status ?? DefectStatus.NotAffected;

        public bool Affects(SoftwareVersion? version) => StatusIn(version) != DefectStatus.NotAffected;

        /// <summary>"known defect RS199373 of Redis Enterprise 7.22.2 up to 8.0.20-68 (...): ..." for messages.</summary>
        public string Describe() => $"known defect {Id} of Redis Enterprise {RangeText} ({Source}): {Description}";

        /// <summary>As <see cref="Describe()"/>, saying where <paramref name="version"/> stands.</summary>
        public string Describe(SoftwareVersion? version) =>
            StatusIn(version) == DefectStatus.FixNotRecorded
                ? $"known defect {Id} ({Description}); the release notes of {version} do not say it carries the fix, so the module acts as if it did not ({Source})"
                : $"known defect {Id} of Redis Enterprise {RangeText}, which includes {version} ({Source}): {Description}";
    }
}
