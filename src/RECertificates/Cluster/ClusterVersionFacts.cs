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

        /// <summary>
        /// Updating ccs_internode_encryption ("CPINE") together with other certificates could corrupt a certificate and
        /// key pair and make upgrades fail. Only a request with several certificates can do that, so the affected range
        /// starts where such a request does (7.22.2) and ends at the fix.
        /// </summary>
        public static KnownDefect MixedInternodeUpdate { get; } = new KnownDefect("RS199373", "7.22.2", "8.0.20-68",
            "updating ccs_internode_encryption together with other certificates can corrupt a certificate and key pair and make later upgrades fail",
            "release-notes/rs-8-0-releases/rs-8-0-20-68.md");

        /// <summary>A custom internode certificate restarted the heartbeat service: port 9443 unreachable for minutes.</summary>
        public static KnownDefect InternodeApiOutage { get; } = new KnownDefect("RS208996", "7.22.2", "8.0.20-96",
            "applying a custom internode encryption certificate can make the REST API (port 9443) unreachable on all nodes for several minutes",
            "release-notes/rs-8-0-releases/rs-8-0-20-96.md");

        /// <summary>
        /// Rotating the internal certificates (POST /v1/cluster/certificates/rotate) skipped the nodes that were down
        /// and never retried them, leaving those nodes with the old certificates. Every supported version before the fix.
        /// </summary>
        public static KnownDefect InternalRotationSkipsDownNodes { get; } = new KnownDefect("RS200137", "7.4", "8.2.0-46",
            "rotating the internal certificates skips the nodes that are down and never retries them, so those nodes keep the old certificates",
            "release-notes/rs-8-2-0-releases/rs-8-2-0-46.md");

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

    /// <summary>A defect of some versions, from the release notes of the version that fixed it.</summary>
    internal sealed class KnownDefect
    {
        public KnownDefect(string id, string from, string fixedIn, string description, string source)
        {
            Id = id;
            From = SoftwareVersion.Parse(from);
            FixedIn = SoftwareVersion.Parse(fixedIn);
            Description = description;
            Source = source;
        }

        /// <summary>The release notes' id, such as RS199373: what an operator searches for.</summary>
        public string Id { get; }

        public SoftwareVersion From { get; }

        public SoftwareVersion FixedIn { get; }

        public string Description { get; }

        public string Source { get; }

        /// <summary>Unknown versions: no (the module then behaves as it did before it knew of the defect).</summary>
        public bool Affects(SoftwareVersion? version) => version != null && version >= From && version < FixedIn;

        /// <summary>"known defect RS199373 of Redis Enterprise 7.22.2 up to 8.0.20-68 (fixed there): ..." for messages.</summary>
        public string Describe() => $"known defect {Id} of Redis Enterprise {From} up to {FixedIn} (fixed there): {Description}";
    }
}
