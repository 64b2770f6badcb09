using System.Globalization;
using RECertificates.Certificates;
using RECertificates.Cluster;

namespace RECertificates.Commands
{
    /// <summary>One certificate to replace: what the user gave, its parsed summary, and what the cluster holds now.</summary>
    internal sealed class PlannedChange
    {
        public PlannedChange(CertificateInput input, RECertificate @new, RECertificate? current, bool isSet, bool mayBePartlyUpdated)
        {
            Input = input;
            New = @new;
            Current = current;
            IsSet = isSet;
            _mayBePartlyUpdated = mayBePartlyUpdated;
        }

        private readonly bool _mayBePartlyUpdated;

        public string Name => Input.Name;

        public CertificateInput Input { get; }

        public RECertificate New { get; }

        /// <summary>What the cluster holds now; null when the name is not set (or its PEM is unreadable).</summary>
        public RECertificate? Current { get; }

        /// <summary>Whether the cluster holds the name at all (even when its PEM could not be read).</summary>
        public bool IsSet { get; }

        /// <summary>
        /// The cluster already holds this very chain: sending it again would change nothing. Not after this
        /// session's last update of the name left some nodes behind (409): the cluster's list shows the new
        /// certificate then, though a node still lacks it, and sending it again is what finishes the job.
        /// A certificate object whose chain was completed from the machine's stores is unchanged too when the cluster
        /// holds that very certificate with more of its issuers: the stores lacked them, the user asked for no change,
        /// and sending it would only drop issuers clients need.
        /// </summary>
        public bool IsUnchanged => !_mayBePartlyUpdated && Current != null
            && (Current.HasSameChainAs(New) || (Input.ChainFromStores && Current.StartsWithChainOf(New)));

        /// <summary>"Replace certificate 'proxy' on cluster 'c': CN=old (thumbprint .., expires ..) -> CN=new (...)".</summary>
        public string Describe(string cluster)
        {
            if (Current != null && Current.Thumbprint == New.Thumbprint)
            {
                // "A -> A" would read as a change of nothing: say what does change, the issuers sent with it.
                return $"Replace the chain of certificate '{Name}' on cluster '{cluster}': the same certificate {Summary(New)}, with {Issuers(Current)} -> {Issuers(New)}";
            }

            string old = Current != null ? Summary(Current) : IsSet ? "a certificate this module cannot read" : "not set";
            return $"Replace certificate '{Name}' on cluster '{cluster}': {old} -> {Summary(New)}";
        }

        /// <summary>What is sent for it: its name, its chain, its key.</summary>
        public ClusterCertificateEntry ToUpload() => new ClusterCertificateEntry(Name, Input.CertificatePem, Input.Key);

        private static string Issuers(RECertificate certificate) =>
            certificate.ChainLength <= 1 ? "no issuer" : certificate.ChainLength == 2 ? "1 issuer" : $"{certificate.ChainLength - 1} issuers";

        private static string Summary(RECertificate certificate) =>
            $"{certificate.Subject} (thumbprint {certificate.Thumbprint}, expires {certificate.NotAfter.ToUniversalTime().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)})";
    }
}
