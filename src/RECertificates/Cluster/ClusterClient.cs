using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security;
using System.Security.Authentication;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace RECertificates
{
    /// <summary>
    /// The REST API of one cluster: one method per endpoint. The only place that knows URLs and JSON shapes.
    /// It sends the credential pre-emptively, retries what the documentation says to retry (never a 401),
    /// follows redirects only on the same host over https, and tells what it does through an ICallLog.
    /// </summary>
    internal sealed class ClusterClient : IDisposable
    {
        private const int MaximumResponseBytes = 16 * 1024 * 1024;
        private const int MaximumRedirects = 3;

        private static readonly MediaTypeWithQualityHeaderValue JsonMediaType = new MediaTypeWithQualityHeaderValue("application/json");
        private static readonly JsonWriterOptions BodyWriterOptions = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

        private readonly ClusterConnectionSettings _settings;
        private readonly HttpClient _http;
        private readonly IDisposable? _owner;
        private readonly RetryPolicy _retry;

        public ClusterClient(ClusterConnectionSettings settings)
            : this(settings, ClusterHttpClientFactory.Create(settings, out IDisposable owner), owner)
        {
        }

        /// <summary>For tests: a client over any handler.</summary>
        internal ClusterClient(ClusterConnectionSettings settings, HttpClient http, IDisposable? owner)
        {
            _settings = settings;
            _http = http;
            _owner = owner;
            _retry = new RetryPolicy(settings.MaximumRetryCount, settings.RetryBaseDelay, settings.RetryMaximumDelay);
        }

        /// <summary>How messages name the cluster: its name once known, and its address.</summary>
        public string ClusterLabel { get; set; } = string.Empty;

        public ClusterConnectionSettings Settings => _settings;

        private string Cluster => string.IsNullOrEmpty(ClusterLabel)
            ? $"The cluster at {_settings.BaseUri}"
            : $"Cluster '{ClusterLabel}' ({_settings.BaseUri})";

        public async Task<ClusterInfo> GetClusterAsync(ICallLog log, CancellationToken cancellationToken)
        {
            using ClusterResponse response = await SendAsync(ClusterOperation.ReadCluster, HttpMethod.Get, "v1/cluster", null, "the cluster's details", log, cancellationToken).ConfigureAwait(false);
            using JsonDocument document = ParseJson(response, "GET /v1/cluster");
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("name", out JsonElement name)
                || name.ValueKind != JsonValueKind.String)
            {
                throw InvalidAnswer("GET /v1/cluster", "it has no cluster 'name'");
            }

            return new ClusterInfo(name.GetString()!);
        }

        public async Task<IReadOnlyList<NodeInfo>> GetNodesAsync(ICallLog log, CancellationToken cancellationToken)
        {
            using ClusterResponse response = await SendAsync(ClusterOperation.ReadCluster, HttpMethod.Get, "v1/nodes", null, "the cluster's nodes", log, cancellationToken).ConfigureAwait(false);
            using JsonDocument document = ParseJson(response, "GET /v1/nodes");
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw InvalidAnswer("GET /v1/nodes", "it is not a list of nodes");
            }

            var nodes = new List<NodeInfo>();
            foreach (JsonElement node in document.RootElement.EnumerateArray())
            {
                nodes.Add(new NodeInfo(
                    node.TryGetProperty("uid", out JsonElement uid) && uid.ValueKind == JsonValueKind.Number ? uid.GetInt32() : 0,
                    StringOrNull(node, "addr"),
                    StringOrNull(node, "status"),
                    StringOrNull(node, "software_version")));
            }

            return nodes;
        }

        /// <summary>
        /// Reads every certificate. Keys are read straight from the answer's bytes into SecureStrings, and only
        /// when asked for; otherwise the module just notes that the cluster returned one.
        /// </summary>
        public async Task<IReadOnlyList<ClusterCertificateEntry>> GetCertificatesAsync(bool includePrivateKeys, ICallLog log, CancellationToken cancellationToken)
        {
            using ClusterResponse response = await SendAsync(ClusterOperation.ReadCertificates, HttpMethod.Get, "v1/cluster/certificates", null, "the certificates", log, cancellationToken).ConfigureAwait(false);
            return ReadCertificates(response.Body, includePrivateKeys, "GET /v1/cluster/certificates");
        }

        public async Task PutCertificatesAsync(IReadOnlyList<CertificateUpload> certificates, ICallLog log, CancellationToken cancellationToken)
        {
            using ClearingBufferWriter body = WriteBody(writer =>
            {
                writer.WriteStartObject();
                writer.WriteStartArray("certificates");
                foreach (CertificateUpload certificate in certificates)
                {
                    WriteCertificateObject(writer, certificate);
                }

                writer.WriteEndArray();
                writer.WriteEndObject();
            });
            string subject = Describe(certificates.Select(c => c.Name));
            using ClusterResponse response = await SendAsync(ClusterOperation.UpdateCertificates, HttpMethod.Put, "v1/cluster/certificates", body, subject, log, cancellationToken).ConfigureAwait(false);
        }

        public async Task UpdateCertificateLegacyAsync(CertificateUpload certificate, ICallLog log, CancellationToken cancellationToken)
        {
            using ClearingBufferWriter body = WriteBody(writer => WriteCertificateObject(writer, certificate));
            using ClusterResponse response = await SendAsync(ClusterOperation.UpdateCertificateLegacy, HttpMethod.Put, "v1/cluster/update_cert", body, Describe(new[] { certificate.Name }), log, cancellationToken).ConfigureAwait(false);
        }

        public async Task DeleteCertificateAsync(string name, ICallLog log, CancellationToken cancellationToken)
        {
            string path = "v1/cluster/certificates/" + Uri.EscapeDataString(name);
            using ClusterResponse response = await SendAsync(ClusterOperation.DeleteCertificate, HttpMethod.Delete, path, null, Describe(new[] { name }), log, cancellationToken).ConfigureAwait(false);
        }

        public void Dispose()
        {
            _http.Dispose();
            _owner?.Dispose();
        }

        internal static IReadOnlyList<ClusterCertificateEntry> ReadCertificates(ArraySegment<byte> body, bool includePrivateKeys, string endpoint)
        {
            var certificates = new SortedDictionary<string, string>(StringComparer.Ordinal);
            var keys = new Dictionary<string, SecureString?>(StringComparer.Ordinal);
            try
            {
                var reader = new Utf8JsonReader(body.AsSpan());
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                {
                    throw new JsonException("not an object");
                }

                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    string property = reader.GetString()!;
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        reader.Skip();
                        continue;
                    }

                    if (property.EndsWith("_cert", StringComparison.Ordinal))
                    {
                        certificates[property.Substring(0, property.Length - 5)] = reader.GetString()!;
                    }
                    else if (property.EndsWith("_key", StringComparison.Ordinal))
                    {
                        keys[property.Substring(0, property.Length - 4)] = includePrivateKeys ? ReadSecureString(ref reader) : null;
                    }
                }
            }
            catch (JsonException)
            {
                throw new REApiException(
                    $"The answer to {endpoint} is not the JSON object of certificates the REST API returns. Check that the address is the cluster's REST API (port 9443 by default).",
                    FailureKind.InvalidResult, "InvalidResponse");
            }

            return certificates
                .Where(pair => pair.Value.Length > 0)
                .Select(pair => new ClusterCertificateEntry(pair.Key, pair.Value, keys.ContainsKey(pair.Key), keys.TryGetValue(pair.Key, out SecureString? key) ? key : null))
                .ToList();
        }

        private static SecureString ReadSecureString(ref Utf8JsonReader reader)
        {
            int length = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
            char[] characters = new char[length];
            try
            {
                int written = reader.CopyString(characters);
                return SecureStrings.FromChars(characters.AsSpan(0, written));
            }
            finally
            {
                Array.Clear(characters, 0, characters.Length);
            }
        }

        private static void WriteCertificateObject(Utf8JsonWriter writer, CertificateUpload certificate)
        {
            writer.WriteStartObject();
            writer.WriteString("name", certificate.Name);
            writer.WriteString("certificate", certificate.CertificatePem);
            if (certificate.Key != null)
            {
                // Left out for key-less names, as the API asks; the clear key goes straight into the wiped buffer.
                SecureStrings.WithChars(certificate.Key, characters => writer.WriteString("key", characters));
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

        private static string Describe(IEnumerable<string> names)
        {
            string[] all = names.ToArray();
            return all.Length == 1
                ? $"certificate '{all[0]}'"
                : "certificates " + string.Join(", ", all.Select(n => $"'{n}'"));
        }

        private static string? StringOrNull(JsonElement element, string property) =>
            element.TryGetProperty(property, out JsonElement value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

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

        private async Task<ClusterResponse> SendAsync(ClusterOperation operation, HttpMethod method, string relativePath,
            ClearingBufferWriter? body, string subject, ICallLog log, CancellationToken cancellationToken)
        {
            bool isWrite = method != HttpMethod.Get;
            TimeSpan timeout = isWrite ? _settings.WriteTimeout : _settings.ReadTimeout;
            Uri uri = new Uri(_settings.BaseUri, relativePath);
            int attempt = 0;
            int redirects = 0;

            if (body != null && log.IsDebugEnabled)
            {
                log.Debug($"{method} {uri} body: {JsonRedactor.Redact(body.WrittenSegment)}");
            }

            while (true)
            {
                attempt++;
                var stopwatch = Stopwatch.StartNew();
                int status;
                string reason;
                ClearingBufferWriter answer = new ClearingBufferWriter();
                Uri? location = null;
                try
                {
                    using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    deadline.CancelAfter(timeout);
                    try
                    {
                        using HttpRequestMessage request = CreateRequest(method, uri, body);
                        using HttpResponseMessage response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
                        status = (int)response.StatusCode;
                        reason = response.ReasonPhrase ?? string.Empty;
                        location = response.Headers.Location;
                        await ReadBodyAsync(response, answer, deadline.Token).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        log.Verbose($"{method} {uri} -> no answer within {timeout.TotalSeconds:0.#} s");
                        throw TimedOut(subject, timeout, isWrite);
                    }
                    catch (HttpRequestException exception) when (!cancellationToken.IsCancellationRequested)
                    {
                        REApiException failure = TransportFailure(exception, subject);
                        log.Verbose($"{method} {uri} -> {failure.ErrorId} after {stopwatch.ElapsedMilliseconds} ms");
                        if (failure.Kind == FailureKind.ConnectionError && failure.ErrorId == "ConnectionLost" && _retry.CanRetry(attempt))
                        {
                            await WaitBeforeRetryAsync(attempt, "the connection was lost", log, cancellationToken).ConfigureAwait(false);
                            answer.Dispose();
                            continue;
                        }

                        throw failure;
                    }
                }
                catch
                {
                    answer.Dispose();
                    throw;
                }

                log.Verbose($"{method} {uri} -> {status} {reason} in {stopwatch.ElapsedMilliseconds} ms{(attempt > 1 ? $" (attempt {attempt})" : string.Empty)}");

                if (status >= 200 && status < 300)
                {
                    if (!isWrite && log.IsDebugEnabled)
                    {
                        log.Debug($"{method} {uri} answer: {JsonRedactor.Redact(answer.WrittenSegment)}");
                    }

                    return new ClusterResponse(status, answer);
                }

                try
                {
                    if (IsRedirect(status))
                    {
                        uri = FollowRedirect(uri, location, status, subject, ++redirects, log);
                        attempt--;
                        continue;
                    }

                    var error = ClusterErrorBody.Parse(answer.WrittenSegment.ToArray());
                    if (RetryPolicy.IsRetryableStatus(status) && (status != 409 || isWrite) && _retry.CanRetry(attempt))
                    {
                        await WaitBeforeRetryAsync(attempt, $"{status} {reason}{(error.Description != null ? $" ({error.Description})" : string.Empty)}", log, cancellationToken).ConfigureAwait(false);
                        continue;
                    }

                    throw StatusMapping.ToException(operation, status, error, Cluster, subject, _settings.UserName, attempt);
                }
                finally
                {
                    answer.Dispose();
                }
            }
        }

        private HttpRequestMessage CreateRequest(HttpMethod method, Uri uri, ClearingBufferWriter? body)
        {
            var request = new HttpRequestMessage(method, uri);
            request.Headers.Accept.Add(JsonMediaType);

            // Pre-emptive Basic: no unauthenticated round trip first. Only ever to the host the user connected
            // to (redirects elsewhere are refused before they get here).
            request.Headers.Authorization = BasicAuthorization.Create(_settings.UserName, _settings.Password);
            if (body != null)
            {
                ArraySegment<byte> bytes = body.WrittenSegment;
                request.Content = new ByteArrayContent(bytes.Array!, bytes.Offset, bytes.Count);
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            }

            return request;
        }

        private static async Task ReadBodyAsync(HttpResponseMessage response, ClearingBufferWriter answer, CancellationToken cancellationToken)
        {
            using Stream stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
            while (true)
            {
                // Straight into the wiped buffer: no intermediate copies of a body that may hold keys.
                ArraySegment<byte> free = answer.GetFreeSegment(16 * 1024);
                int read = await stream.ReadAsync(free.Array!, free.Offset, free.Count, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return;
                }

                answer.Advance(read);
                if (answer.WrittenCount > MaximumResponseBytes)
                {
                    throw new HttpRequestException("The answer is larger than any certificate list could be.", new InvalidDataException());
                }
            }
        }

        private async Task WaitBeforeRetryAsync(int attempt, string why, ICallLog log, CancellationToken cancellationToken)
        {
            TimeSpan delay = _retry.GetDelay(attempt);
            log.Verbose($"{Cluster}: attempt {attempt} of {_retry.MaximumRetryCount + 1} got {why}; retrying in {delay.TotalSeconds:0.0} s.");
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        }

        private static bool IsRedirect(int status) => status == 301 || status == 302 || status == 303 || status == 307 || status == 308;

        /// <summary>
        /// A non-master node may redirect to the master. Follow only over https and only to the host the user
        /// connected to: the credential goes with every request, so it must never reach another host.
        /// </summary>
        private Uri FollowRedirect(Uri from, Uri? location, int status, string subject, int redirects, ICallLog log)
        {
            if (location == null || redirects > MaximumRedirects)
            {
                throw new REApiException(
                    $"{Cluster} redirected the request for {subject} ({status}) {(location == null ? "without saying where" : "too many times")}. Connect to the cluster's master node directly.",
                    FailureKind.InvalidResult, "RedirectRefused", status);
            }

            Uri target = location.IsAbsoluteUri ? location : new Uri(from, location);
            if (!string.Equals(target.Scheme, Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase))
            {
                throw new REApiException(
                    $"{Cluster} redirected the request for {subject} to '{target.GetLeftPart(UriPartial.Authority)}', which is not https. The module never downgrades to an unencrypted connection.",
                    FailureKind.SecurityError, "RedirectRefused", status);
            }

            if (!string.Equals(target.Host, _settings.BaseUri.Host, StringComparison.OrdinalIgnoreCase))
            {
                throw new REApiException(
                    $"{Cluster} redirected the request for {subject} to another host, '{target.GetLeftPart(UriPartial.Authority)}' (usually the master node's internal address). The module sends the credential only to the host you connected to: connect to that node directly (Connect-RECluster {target.GetLeftPart(UriPartial.Authority)}) if it is one of the cluster's nodes.",
                    FailureKind.SecurityError, "RedirectRefused", status);
            }

            log.Verbose($"{Cluster}: following redirect ({status}) to {target}.");
            return target;
        }

        private REApiException TimedOut(string subject, TimeSpan timeout, bool isWrite) =>
            new REApiException(
                $"{Cluster} did not answer the request for {subject} within {timeout.TotalSeconds:0.#} seconds." +
                (isWrite ? " The cluster may still apply the change: check with Get-RECertificate before running the command again." : string.Empty) +
                " If the cluster is slow, raise -TimeoutSec on Connect-RECluster.",
                FailureKind.Timeout, "RequestTimedOut");

        private REApiException TransportFailure(HttpRequestException exception, string subject)
        {
            if (Find<AuthenticationException>(exception) != null)
            {
                return NotTrusted(exception);
            }

            SocketException? socket = Find<SocketException>(exception);
            if (socket != null && socket.SocketErrorCode != SocketError.ConnectionReset && socket.SocketErrorCode != SocketError.ConnectionAborted)
            {
                return new REApiException(
                    $"Could not reach the cluster at {_settings.BaseUri} for {subject}: {socket.Message}. Check the host name, the port (9443 by default), and that no firewall or proxy blocks it.",
                    FailureKind.ConnectionError, "ClusterUnreachable", innerException: null);
            }

            if (Find<InvalidDataException>(exception) != null)
            {
                return new REApiException(
                    $"{Cluster} sent an answer for {subject} larger than any certificate list could be ({MaximumResponseBytes / (1024 * 1024)} MiB). Check that the address is the cluster's REST API.",
                    FailureKind.InvalidResult, "InvalidResponse");
            }

            return new REApiException(
                $"The connection to {Cluster.Substring(0, 1).ToLowerInvariant() + Cluster.Substring(1)} was lost during the request for {subject} ({exception.GetBaseException().Message}). Check the network and the cluster's health, then try again.",
                FailureKind.ConnectionError, "ConnectionLost");
        }

        private REApiException NotTrusted(Exception exception)
        {
            PresentedCertificate? presented = _settings.Trust.LastPresented;
            string[] pins = _settings.Trust.Pins;
            string which = presented == null
                ? "its certificate"
                : $"its certificate (subject '{presented.Subject}', SHA-1 thumbprint {presented.Sha1})";
            string why = pins.Length > 0
                ? $"it matches none of the pinned thumbprints ({string.Join(", ", pins)})"
                : presented != null ? $"this machine does not trust it ({presented.Errors})" : "the TLS handshake failed";
            string advice = presented != null
                ? $" If this is the cluster's own certificate, pin it: Connect-RECluster {_settings.BaseUri.Host}:{_settings.BaseUri.Port} -CertificateThumbprint {presented.Sha1} (compare the thumbprint with the cluster first), or trust its CA on this machine."
                : " Check that the address is the cluster's REST API and that it speaks TLS 1.2 or 1.3.";
            return new REApiException(
                $"The cluster at {_settings.BaseUri} was not trusted: {which} was refused because {why}.{advice} -SkipCertificateCheck turns verification off, which is not recommended.",
                FailureKind.SecurityError, "ServerCertificateNotTrusted", innerException: null);
        }

        private static T? Find<T>(Exception exception)
            where T : Exception
        {
            for (Exception? current = exception; current != null; current = current.InnerException)
            {
                if (current is T found)
                {
                    return found;
                }
            }

            return null;
        }
    }
}
