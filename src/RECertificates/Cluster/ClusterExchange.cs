using System;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;

namespace RECertificates.Cluster
{
    /// <summary>
    /// One send and the read of its answer, whatever the answer says: the request shaped (the Basic header
    /// pre-emptively, the JSON body, a write sent once), a fresh <see cref="RequestDeadline"/>, the answer read into a
    /// wiped buffer, and one log line for it. No answer at all is a <see cref="NoAnswerException"/> when the request may
    /// have arrived, an <see cref="REApiException"/> (<see cref="ConnectionFailures"/>) when it cannot have, or when the
    /// answer came but is larger than any certificate list (InvalidResponse). What the answer means is for the stages
    /// before it.
    /// </summary>
    internal sealed class ClusterExchange
    {
        /// <summary>No certificate list comes near this: a larger answer is not the cluster's REST API.</summary>
        public const int MaximumResponseBytes = 16 * 1024 * 1024;

        private static readonly MediaTypeWithQualityHeaderValue JsonMediaType = new MediaTypeWithQualityHeaderValue("application/json");

        private readonly ClusterConnectionSettings _settings;
        private readonly Func<HttpClient> _clients;
        private readonly ConnectionFailures _failures;
        private readonly CancellationToken _closed;

        /// <param name="clients">Gives the client for each exchange, so a handler rotation reaches the next one.</param>
        /// <param name="closed">Cancelled when the session is closed: what is still running ends as unanswered.</param>
        public ClusterExchange(ClusterConnectionSettings settings, Func<HttpClient> clients, CancellationToken closed)
        {
            _settings = settings;
            _clients = clients;
            _failures = new ConnectionFailures(settings);
            _closed = closed;
        }

        public async Task<ClusterAnswer> SendAsync(ClusterRequest request, ICallLog log, CancellationToken cancellationToken)
        {
            var stopwatch = Stopwatch.StartNew();
            var body = new ClearingBufferWriter();
            ClusterAnswer answer;
            using (var deadline = new RequestDeadline(request.Timeout, cancellationToken, _closed))
            {
                try
                {
                    HttpClient http = _clients();
                    using HttpRequestMessage message = CreateRequest(request);
                    using HttpResponseMessage response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
                    await ReadBodyAsync(response, body, deadline.Token).ConfigureAwait(false);
                    answer = new ClusterAnswer((int)response.StatusCode, response.ReasonPhrase ?? string.Empty, response.Headers.Location, body);

                    // The factory disposes a rotated-out handler once no client holds it: hold this one until the
                    // whole answer is read, so a rotation never closes a connection under a request.
                    GC.KeepAlive(http);
                }
                catch (OperationCanceledException) when (deadline.Passed)
                {
                    body.Dispose();
                    log.Verbose($"{request.Method} {request.Uri} -> no answer within {request.Timeout.TotalSeconds:0.#} s");
                    throw new NoAnswerException(_failures.TimedOut(request), timedOut: true);
                }
                catch (Exception exception) when ((exception is HttpRequestException || exception is IOException) && !cancellationToken.IsCancellationRequested)
                {
                    body.Dispose();
                    REApiException failure = _failures.Describe(exception, request);
                    log.Verbose($"{request.Method} {request.Uri} -> {failure.ErrorId} after {stopwatch.ElapsedMilliseconds} ms");
                    if (failure.ErrorId == ConnectionFailures.ConnectionLostId)
                    {
                        throw new NoAnswerException(failure, timedOut: false);
                    }

                    throw failure;
                }
                catch
                {
                    body.Dispose();
                    throw;
                }
            }

            log.Verbose($"{request.Method} {request.Uri} -> {answer.Status} {answer.Reason} in {stopwatch.ElapsedMilliseconds} ms{(request.Attempt > 1 ? $" (attempt {request.Attempt})" : string.Empty)}");
            if (answer.IsSuccess && !request.IsWrite && log.IsDebugEnabled)
            {
                log.Debug($"{request.Method} {request.Uri} answer: {JsonRedactor.Redact(answer.Body)}");
            }

            return answer;
        }

        private HttpRequestMessage CreateRequest(ClusterRequest request)
        {
            var message = new HttpRequestMessage(request.Method, request.Uri);
            message.Headers.Accept.Add(JsonMediaType);

            // Pre-emptive Basic: no unauthenticated round trip first. Only ever to the host the user connected
            // to (SameOriginRedirects refuses a redirect elsewhere before it gets here). A certificate session sends
            // no header: its certificate went with the TLS handshake.
            if (_settings.Password != null)
            {
                message.Headers.Authorization = BasicAuthorization.Create(_settings.UserName, _settings.Password);
            }

            if (request.Body != null)
            {
                ArraySegment<byte> bytes = request.Body.WrittenSegment;
                message.Content = new ByteArrayContent(bytes.Array!, bytes.Offset, bytes.Count);
                message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            }

            if (request.IsWrite)
            {
                WriteOnce.Prepare(message);
            }

            return message;
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
    }
}
