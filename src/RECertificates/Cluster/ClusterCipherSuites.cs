using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace RECertificates.Cluster
{
    /// <summary>Which certificate keys a list of TLS cipher suites can serve.</summary>
    [Flags]
    internal enum SuiteKeys
    {
        None = 0,
        Rsa = 1,
        Ecdsa = 2,

        /// <summary>A suite that works with either key (TLS 1.3 suites, an OpenSSL keyword such as HIGH), or an empty setting (the cluster's default).</summary>
        Any = Rsa | Ecdsa,
    }

    /// <summary>
    /// The cipher-suite settings of <c>GET /v1/cluster</c> that decide, from 8.2, which certificate keys the cluster
    /// accepts: <c>control_cipher_suites</c> (REST API, Cluster Manager, metrics exporter) and <c>data_cipher_list</c>
    /// with <c>data_cipher_suites_tls_1_3</c> (the databases' proxy). A plain reading of the answer.
    /// </summary>
    internal sealed class ClusterCipherSuites
    {
        public const string ControlSetting = "control_cipher_suites";
        public const string DataSetting = "data_cipher_list";
        public const string DataTls13Setting = "data_cipher_suites_tls_1_3";

        public ClusterCipherSuites(string? control, string? dataList, string? dataTls13)
        {
            Control = control;
            DataList = dataList;
            DataTls13 = dataTls13;
        }

        public string? Control { get; }

        public string? DataList { get; }

        public string? DataTls13 { get; }

        /// <summary>What the control plane can serve (api, cm, metrics_exporter).</summary>
        public SuiteKeys ControlKeys => KeysOf(Control);

        /// <summary>What database endpoints can serve (proxy): the TLS 1.2 list and the TLS 1.3 suites together.</summary>
        public SuiteKeys DataKeys => string.IsNullOrWhiteSpace(DataList) && string.IsNullOrWhiteSpace(DataTls13)
            ? SuiteKeys.Any
            : KeysOf(DataList, emptyIs: SuiteKeys.None) | KeysOf(DataTls13, emptyIs: SuiteKeys.None);

        /// <summary>Reads the three settings from the answer to GET /v1/cluster; absent ones are null.</summary>
        public static ClusterCipherSuites Parse(JsonElement cluster)
        {
            string? Text(string name) =>
                cluster.ValueKind == JsonValueKind.Object && cluster.TryGetProperty(name, out JsonElement value)
                    ? value.ValueKind == JsonValueKind.String ? value.GetString()
                    : value.ValueKind == JsonValueKind.Array ? string.Join(":", value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()))
                    : null
                    : null;
            return new ClusterCipherSuites(Text(ControlSetting), Text(DataSetting), Text(DataTls13Setting));
        }

        /// <summary>
        /// The keys a suite list serves. Suites are OpenSSL names (ECDHE-RSA-AES256-GCM-SHA384) or IANA names
        /// (TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256), separated by ':', ',' or spaces; excluded ones ('!', '-') do not
        /// count. ECDSA in the name: ECDSA keys; a TLS 1.3 suite or a keyword (HIGH, DEFAULT): either; else RSA.
        /// </summary>
        public static SuiteKeys KeysOf(string? suites, SuiteKeys emptyIs = SuiteKeys.Any)
        {
            List<string> tokens = (suites ?? string.Empty)
                .Split(new[] { ':', ',', ' ', ';' }, StringSplitOptions.RemoveEmptyEntries)
                .Where(t => !t.StartsWith("!", StringComparison.Ordinal) && !t.StartsWith("-", StringComparison.Ordinal))
                .Select(t => t.TrimStart('+').ToUpperInvariant())
                .ToList();
            if (tokens.Count == 0)
            {
                return emptyIs;
            }

            SuiteKeys keys = SuiteKeys.None;
            foreach (string token in tokens)
            {
                keys |= token.Contains("ECDSA") ? SuiteKeys.Ecdsa
                    : IsKeyAgnostic(token) ? SuiteKeys.Any
                    : SuiteKeys.Rsa;
            }

            return keys;
        }

        // TLS 1.3 suites do not fix the certificate's key; an OpenSSL keyword or group may include suites of either.
        private static bool IsKeyAgnostic(string token) =>
            token.StartsWith("TLS_AES_", StringComparison.Ordinal) || token.StartsWith("TLS_CHACHA20_", StringComparison.Ordinal)
            || (!token.Contains("-") && !token.Contains("_"));
    }
}
