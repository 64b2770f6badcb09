using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Security;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using RECertificates.Certificates;

namespace RECertificates.Cluster
{
    /// <summary>
    /// The REST API of one cluster: one method per endpoint, the only place that knows URLs and JSON shapes (the
    /// cluster's own certificate lifecycle is in ClusterClient.Lifecycle.cs).
    /// How a request travels (credential, retries, redirects, deadlines, failures) is ClusterTransport's part.
    /// </summary>
    internal sealed partial class ClusterClient : IClusterClient, IClusterReadBack
    {
        private static readonly JsonWriterOptions BodyWriterOptions = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

        private readonly ClusterConnectionSettings _settings;
        private readonly ClusterTransport _transport;
        private readonly OutcomeResolver _outcomes;

        public ClusterClient(ClusterConnectionSettings settings)
            : this(settings, new ClusterHttpClientFactory(settings))
        {
        }

        /// <summary>For tests: a client over any handler, one HttpClient for every request.</summary>
        internal ClusterClient(ClusterConnectionSettings settings, HttpClient http)
            : this(settings, () => http, http)
        {
        }

        private ClusterClient(ClusterConnectionSettings settings, ClusterHttpClientFactory clients)
            : this(settings, clients.CreateClient, clients)
        {
        }

        private ClusterClient(ClusterConnectionSettings settings, Func<HttpClient> clients, IDisposable owner)
        {
            // One retry policy for the session: the transport's retries and the resends after a read-back count alike.
            var retry = RetryPolicy.For(settings);
            _settings = settings;
            _transport = new ClusterTransport(settings, retry, clients, owner);
            _outcomes = new OutcomeResolver(this, retry, settings);
        }

        /// <summary>How messages name the cluster: its name once known, and its address.</summary>
        public string ClusterLabel
        {
            get => _transport.ClusterLabel;
            set => _transport.ClusterLabel = value;
        }

        public ClusterConnectionSettings Settings => _settings;

        /// <summary>"Cluster 'name' (address)", for messages.</summary>
        public string Cluster => _transport.Cluster;

        /// <summary>Asks GET /v1/cluster until it answers (see ApiAvailability), before a read-back after a lost answer.</summary>
        public Task<bool> WaitForApiAsync(TimeSpan bound, Action<TimeSpan>? elapsed, ICallLog log, CancellationToken cancellationToken) =>
            ApiAvailability.WaitAsync(this, bound, elapsed, log, cancellationToken);

        public async Task<ClusterInfo> GetClusterAsync(ICallLog log, CancellationToken cancellationToken)
        {
            using ClusterResponse response = await _transport.SendAsync(ClusterOperation.ReadCluster, HttpMethod.Get, "v1/cluster", null, "the cluster's details", log, cancellationToken).ConfigureAwait(false);
            using JsonDocument document = ParseJson(response, "GET /v1/cluster");
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("name", out JsonElement name)
                || name.ValueKind != JsonValueKind.String)
            {
                throw InvalidAnswer("GET /v1/cluster", "it has no cluster 'name'");
            }

            return new ClusterInfo(name.GetString()!);
        }

        /// <summary>The cipher-suite settings of GET /v1/cluster that 8.2 checks certificates against.</summary>
        public async Task<ClusterCipherSuites> GetCipherSuitesAsync(ICallLog log, CancellationToken cancellationToken)
        {
            using ClusterResponse response = await _transport.SendAsync(ClusterOperation.ReadCluster, HttpMethod.Get, "v1/cluster", null, "the cluster's cipher suites", log, cancellationToken).ConfigureAwait(false);
            using JsonDocument document = ParseJson(response, "GET /v1/cluster");
            return ClusterCipherSuites.Parse(document.RootElement);
        }

        public async Task<IReadOnlyList<NodeInfo>> GetNodesAsync(ICallLog log, CancellationToken cancellationToken)
        {
            using ClusterResponse response = await _transport.SendAsync(ClusterOperation.ReadCluster, HttpMethod.Get, "v1/nodes", null, "the cluster's nodes", log, cancellationToken).ConfigureAwait(false);
            using JsonDocument document = ParseJson(response, "GET /v1/nodes");
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw InvalidAnswer("GET /v1/nodes", "it is not a list of nodes");
            }

            var nodes = new List<NodeInfo>();
            foreach (JsonElement node in document.RootElement.EnumerateArray())
            {
                // Any other shape is the cluster's to explain, never a crash of ours: a list of numbers, a uid of
                // 1.5 or 2^40 is an answer the module cannot read.
                if (node.ValueKind != JsonValueKind.Object)
                {
                    throw InvalidAnswer("GET /v1/nodes", "a node in the list is not an object");
                }

                int nodeUid = 0;
                if (node.TryGetProperty("uid", out JsonElement uid) && uid.ValueKind == JsonValueKind.Number && !uid.TryGetInt32(out nodeUid))
                {
                    throw InvalidAnswer("GET /v1/nodes", "a node's uid is not a whole number");
                }

                nodes.Add(new NodeInfo(
                    nodeUid,
                    StringOrNull(node, "addr"),
                    StringOrNull(node, "status"),
                    StringOrNull(node, "software_version"),
                    Strings(node, "external_addr")));
            }

            return nodes;
        }

        /// <summary>The ports <c>GET /v1/cluster</c> reports for the REST API and the Cluster Manager UI (null when absent).</summary>
        public async Task<ClusterPorts> GetClusterPortsAsync(ICallLog log, CancellationToken cancellationToken)
        {
            using ClusterResponse response = await _transport.SendAsync(ClusterOperation.ReadCluster, HttpMethod.Get, "v1/cluster", null, "the cluster's ports", log, cancellationToken).ConfigureAwait(false);
            using JsonDocument document = ParseJson(response, "GET /v1/cluster");
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw InvalidAnswer("GET /v1/cluster", "it is not an object");
            }

            return new ClusterPorts(PortOrNull(document.RootElement, "cnm_https_port"), PortOrNull(document.RootElement, "cm_port"));
        }

        /// <summary>The databases of <c>GET /v1/bdbs</c>: their TLS mode and endpoints (what serves the 'proxy' certificate).</summary>
        public async Task<IReadOnlyList<DatabaseInfo>> GetDatabasesAsync(ICallLog log, CancellationToken cancellationToken)
        {
            using ClusterResponse response = await _transport.SendAsync(ClusterOperation.ReadCluster, HttpMethod.Get, "v1/bdbs", null, "the cluster's databases", log, cancellationToken).ConfigureAwait(false);
            using JsonDocument document = ParseJson(response, "GET /v1/bdbs");
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw InvalidAnswer("GET /v1/bdbs", "it is not a list of databases");
            }

            var databases = new List<DatabaseInfo>();
            foreach (JsonElement database in document.RootElement.EnumerateArray().Where(d => d.ValueKind == JsonValueKind.Object))
            {
                var endpoints = new List<DatabaseEndpoint>();
                if (database.TryGetProperty("endpoints", out JsonElement list) && list.ValueKind == JsonValueKind.Array)
                {
                    foreach (JsonElement endpoint in list.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object))
                    {
                        endpoints.Add(new DatabaseEndpoint(StringOrNull(endpoint, "dns_name"), PortOrNull(endpoint, "port"), Strings(endpoint, "addr"), StringOrNull(endpoint, "addr_type")));
                    }
                }

                databases.Add(new DatabaseInfo(
                    database.TryGetProperty("uid", out JsonElement uid) && uid.ValueKind == JsonValueKind.Number ? uid.GetInt32() : 0,
                    StringOrNull(database, "name"), StringOrNull(database, "tls_mode"), endpoints));
            }

            return databases;
        }

        /// <summary>
        /// Reads every certificate. Keys are read straight from the answer's bytes into SecureStrings, and only
        /// when asked for; otherwise the module just notes that the cluster returned one.
        /// </summary>
        public async Task<IReadOnlyList<ClusterCertificateEntry>> GetCertificatesAsync(bool includePrivateKeys, ICallLog log, CancellationToken cancellationToken)
        {
            using ClusterResponse response = await _transport.SendAsync(ClusterOperation.ReadCertificates, HttpMethod.Get, "v1/cluster/certificates", null, "the certificates", log, cancellationToken).ConfigureAwait(false);
            return ReadCertificates(response.Body, includePrivateKeys, "GET /v1/cluster/certificates");
        }

        /// <summary>
        /// Replaces certificates in one request. <paramref name="held"/> is what the cluster was last seen to hold:
        /// should the answer be lost, it tells a write that was not applied from someone else's change.
        /// </summary>
        /// <returns>True when the answer was lost and the read-back found the change (see OutcomeResolver).</returns>
        public Task<bool> PutCertificatesAsync(IReadOnlyList<ClusterCertificateEntry> certificates, IReadOnlyCollection<ClusterCertificateEntry> held, ICallLog log, CancellationToken cancellationToken) =>
            _outcomes.SendAsync(WriteIntent.Replace(certificates, held), token => PutCertificatesOnceAsync(certificates, log, token), log, cancellationToken);

        public Task<bool> UpdateCertificateLegacyAsync(ClusterCertificateEntry certificate, IReadOnlyCollection<ClusterCertificateEntry> held, ICallLog log, CancellationToken cancellationToken) =>
            _outcomes.SendAsync(WriteIntent.Replace(new[] { certificate }, held), token => UpdateCertificateLegacyOnceAsync(certificate, log, token), log, cancellationToken);

        public Task<bool> DeleteCertificateAsync(string name, IReadOnlyCollection<ClusterCertificateEntry> held, ICallLog log, CancellationToken cancellationToken) =>
            _outcomes.SendAsync(WriteIntent.Remove(name, held), token => DeleteCertificateOnceAsync(name, log, token), log, cancellationToken);

        private async Task PutCertificatesOnceAsync(IReadOnlyList<ClusterCertificateEntry> certificates, ICallLog log, CancellationToken cancellationToken)
        {
            using ClearingBufferWriter body = WriteCertificatesBody(certificates);
            string subject = Describe(certificates.Select(c => c.Name));
            using ClusterResponse response = await _transport.SendAsync(ClusterOperation.UpdateCertificates, HttpMethod.Put, "v1/cluster/certificates", body, subject, log, cancellationToken).ConfigureAwait(false);
        }

        private async Task UpdateCertificateLegacyOnceAsync(ClusterCertificateEntry certificate, ICallLog log, CancellationToken cancellationToken)
        {
            using ClearingBufferWriter body = WriteBody(writer => WriteCertificateObject(writer, certificate));
            using ClusterResponse response = await _transport.SendAsync(ClusterOperation.UpdateCertificateLegacy, HttpMethod.Put, "v1/cluster/update_cert", body, Describe(new[] { certificate.Name }), log, cancellationToken).ConfigureAwait(false);
        }

        private async Task DeleteCertificateOnceAsync(string name, ICallLog log, CancellationToken cancellationToken)
        {
            string path = "v1/cluster/certificates/" + Uri.EscapeDataString(name);
            using ClusterResponse response = await _transport.SendAsync(ClusterOperation.DeleteCertificate, HttpMethod.Delete, path, null, Describe(new[] { name }), log, cancellationToken).ConfigureAwait(false);
        }

        public void Dispose()
        {
            _transport.Dispose();
        }

        /// <summary>The body of PUT /v1/cluster/certificates, in a buffer the caller disposes (which wipes it).</summary>
        internal static ClearingBufferWriter WriteCertificatesBody(IReadOnlyList<ClusterCertificateEntry> certificates) =>
            WriteBody(writer =>
            {
                writer.WriteStartObject();
                writer.WriteStartArray("certificates");
                foreach (ClusterCertificateEntry certificate in certificates)
                {
                    WriteCertificateObject(writer, certificate);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            });

        internal static IReadOnlyList<ClusterCertificateEntry> ReadCertificates(ArraySegment<byte> body, bool includePrivateKeys, string endpoint)
        {
            var certificates = new SortedDictionary<string, string>(StringComparer.Ordinal);
            var heldKeys = new HashSet<string>(StringComparer.Ordinal);
            var keys = new Dictionary<string, SecureString?>(StringComparer.Ordinal);
            try
            {
                var reader = new Utf8JsonReader(body.AsSpan());
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                {
                    throw new JsonException("not an object");
                }

                var seen = new HashSet<string>(StringComparer.Ordinal);
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    string property = reader.GetString()!;
                    if (!seen.Add(property))
                    {
                        // Which of two 'proxy_cert' values is the cluster's? Neither can be trusted, so none is used.
                        throw new REApiException(
                            $"The answer to {endpoint} names '{property}' twice, so which value the cluster holds is unknown; nothing of it is used. Check that the address is the cluster's REST API (port 9443 by default), not a proxy that rewrites answers.",
                            FailureKind.InvalidResult, "InvalidResponse");
                    }

                    reader.Read();
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        reader.Skip();
                        continue;
                    }

                    if (property.EndsWith("_cert", StringComparison.Ordinal))
                    {
                        string name = property.Substring(0, property.Length - 5);
                        string text = reader.GetString()!;
                        if (SecretScrubber.HoldsPrivateKey(text))
                        {
                            heldKeys.Add(name);
                            text = CertificateChainReader.CertificateBlocksOnly(text);
                        }

                        certificates[name] = text;
                    }
                    else if (property.EndsWith("_key", StringComparison.Ordinal))
                    {
                        keys[property.Substring(0, property.Length - 4)] = includePrivateKeys ? ReadSecureString(ref reader) : null;
                    }
                }
            }
            catch (Exception e) when (e is JsonException || e is REApiException)
            {
                // No key read so far outlives a refused answer.
                foreach (SecureString? key in keys.Values)
                {
                    key?.Dispose();
                }

                throw e as REApiException ?? new REApiException(
                    $"The answer to {endpoint} is not the JSON object of certificates the REST API returns. Check that the address is the cluster's REST API (port 9443 by default).",
                    FailureKind.InvalidResult, "InvalidResponse");
            }

            return certificates
                .Where(pair => pair.Value.Length > 0 || heldKeys.Contains(pair.Key))
                .Select(pair => new ClusterCertificateEntry(pair.Key, pair.Value, keys.ContainsKey(pair.Key), keys.TryGetValue(pair.Key, out SecureString? key) ? key : null, heldKeys.Contains(pair.Key)))
                .ToList();
        }

        private static SecureString ReadSecureString(ref Utf8JsonReader reader)
        {
            int length = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
            char[] characters = new char[length];
            try
            {
                int written = reader.CopyString(characters);
                return SecretText.ToSecureString(characters.AsSpan(0, written));
            }
            finally
            {
                Array.Clear(characters, 0, characters.Length);
            }
        }

        private static void WriteCertificateObject(Utf8JsonWriter writer, ClusterCertificateEntry certificate)
        {
            writer.WriteStartObject();
            writer.WriteString("name", certificate.Name);
            writer.WriteString("certificate", certificate.CertificatePem);
            if (certificate.Key != null)
            {
                // Left out for key-less names, as the API asks; the clear key is escaped by us straight into the
                // wiped buffer (see JsonSecretString), never through the writer's pooled escaping buffers.
                writer.WritePropertyName("key");
                SecretText.WithChars(certificate.Key, characters => JsonSecretString.WriteValue(writer, characters));
            }

            writer.WriteEndObject();
        }

        private static ClearingBufferWriter WriteBody(Action<Utf8JsonWriter> write)
        {
            var buffer = new ClearingBufferWriter();
            using (var writer = new Utf8JsonWriter(buffer, BodyWriterOptions))
            {
                write(writer);
            }

            return buffer;
        }

        internal static string Describe(IEnumerable<string> names)
        {
            string[] all = names.ToArray();
            return all.Length == 1
                ? $"certificate '{all[0]}'"
                : "certificates " + string.Join(", ", all.Select(n => $"'{n}'"));
        }

        private static string? StringOrNull(JsonElement element, string property) =>
            element.TryGetProperty(property, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

        /// <summary>A list of strings (a lone string counts as one); non-strings are skipped.</summary>
        private static IReadOnlyList<string> Strings(JsonElement element, string property)
        {
            if (!element.TryGetProperty(property, out JsonElement value))
            {
                return Array.Empty<string>();
            }

            if (value.ValueKind == JsonValueKind.String)
            {
                return new[] { value.GetString()! };
            }

            return value.ValueKind == JsonValueKind.Array
                ? value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).Where(v => v.Length > 0).ToList()
                : (IReadOnlyList<string>)Array.Empty<string>();
        }

        private static int? PortOrNull(JsonElement element, string property) =>
            element.TryGetProperty(property, out JsonElement value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out int port) && port > 0 && port <= 65535 ? port : (int?)null;

        private JsonDocument ParseJson(ClusterResponse response, string endpoint)
        {
            try
            {
                return JsonDocument.Parse(response.Body.AsMemory());
            }
            catch (JsonException)
            {
                throw InvalidAnswer(endpoint, "it is not JSON");
            }
        }

        private REApiException InvalidAnswer(string endpoint, string why) =>
            new REApiException(
                $"{Cluster} gave an answer to {endpoint} that the module cannot read: {why}. Check that the address is the cluster's REST API (port 9443 by default), not the Cluster Manager UI (8443) or a proxy page.",
                FailureKind.InvalidResult, "InvalidResponse");

    }
}
