using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Security.Authentication;
using System.Threading;
using Microsoft.Extensions.DependencyInjection;

namespace RECertificates.Cluster
{
    /// <summary>
    /// The HTTP clients of one session, made through IHttpClientFactory so that the session follows DNS.
    /// <para>
    /// Why the factory: a cluster's FQDN moves to another node on failover, and a pooled connection keeps talking
    /// to the node it first resolved for as long as it stays busy (a long console, a long fleet run). netstandard2.0's
    /// HttpClientHandler has no PooledConnectionLifetime, so the portable way to re-resolve is to retire the handler
    /// now and then: that rotation is what Microsoft.Extensions.Http does, and why it ships with the module.
    /// </para>
    /// <para>
    /// The lifetime, <see cref="HandlerLifetime"/>: two minutes (the factory's own default). After it, the next
    /// request gets a new handler, hence a fresh DNS lookup and TLS handshake; a few handshakes an hour cost nothing
    /// beside a certificate update, and a failover is followed within minutes. A retired handler is not closed
    /// under a request: the factory disposes it only once no client that holds it is still alive, so a request in
    /// flight (a write may wait 900 seconds) finishes on it.
    /// </para>
    /// <para>
    /// Every handler is made by <see cref="CreateHandler"/> from the session's settings, so trust (verify, pin or
    /// skip), the client certificate, the proxy, the TLS versions and the refusal of automatic redirects survive a
    /// rotation. What belongs to a request (the Basic header, the write-once shape, the log lines and their
    /// redaction) is set by the transport on each request (ClusterExchange; the request body's redacted debug line in
    /// ClusterTransport), not on the handler, so rotation
    /// cannot lose it either. Those stages are the transport's own rather than delegating handlers: the log is the
    /// calling cmdlet's, handed to each call, and the redirect rule that keeps the credential on the connected host
    /// (SameOriginRedirects) needs the session's origin; a handler would need both smuggled through the request.
    /// </para>
    /// </summary>
    internal sealed class ClusterHttpClientFactory : IDisposable
    {
        /// <summary>How long one handler (and its pooled connections) serves the session before a new one is made.</summary>
        public static readonly TimeSpan HandlerLifetime = TimeSpan.FromMinutes(2);

        private const string ClientName = "RECertificates.Cluster";

        // SslProtocols.Tls13 is not in netstandard2.0; its value is fixed by the platform.
        private const SslProtocols Tls13 = (SslProtocols)12288;

        private readonly ServiceProvider _services;
        private readonly IHttpClientFactory _factory;

        // The handlers not yet collected: the 8.0 factory disposes a retired handler only on its own schedule and
        // never its current one, so Disconnect-RECluster closes them here. Weak, so a long session does not pile up.
        private readonly List<WeakReference<HttpClientHandler>> _handlers = new List<WeakReference<HttpClientHandler>>();

        public ClusterHttpClientFactory(ClusterConnectionSettings settings)
            : this(settings, HandlerLifetime, handlerCreated: null)
        {
        }

        /// <summary>For tests: a short lifetime, and a look at each handler as it is made.</summary>
        internal ClusterHttpClientFactory(ClusterConnectionSettings settings, TimeSpan handlerLifetime, Action<HttpClientHandler>? handlerCreated)
        {
            var services = new ServiceCollection();
            services.AddHttpClient(ClientName)
                .ConfigurePrimaryHttpMessageHandler(() =>
                {
                    HttpClientHandler handler = CreateHandler(settings);
                    Track(handler);
                    handlerCreated?.Invoke(handler);
                    return handler;
                })
                .RemoveAllLoggers()
                .SetHandlerLifetime(handlerLifetime);
            _services = services.BuildServiceProvider();
            _factory = _services.GetRequiredService<IHttpClientFactory>();
        }

        /// <summary>
        /// A client over the session's current handler; cheap, so the transport takes one per request and a
        /// rotation reaches the next request. Nothing to dispose: the handler belongs to the factory.
        /// </summary>
        public HttpClient CreateClient()
        {
            HttpClient client = _factory.CreateClient(ClientName);

            // Each request carries its own deadline (reads and writes differ); the client's own would cut both.
            client.Timeout = Timeout.InfiniteTimeSpan;
            return client;
        }

        /// <summary>Closes the session's connections: every handler it made that is still alive.</summary>
        public void Dispose()
        {
            _services.Dispose();
            lock (_handlers)
            {
                foreach (WeakReference<HttpClientHandler> reference in _handlers)
                {
                    if (reference.TryGetTarget(out HttpClientHandler? handler))
                    {
                        handler.Dispose();
                    }
                }

                _handlers.Clear();
            }
        }

        private void Track(HttpClientHandler handler)
        {
            lock (_handlers)
            {
                _handlers.RemoveAll(reference => !reference.TryGetTarget(out _));
                _handlers.Add(new WeakReference<HttpClientHandler>(handler));
            }
        }

        /// <summary>The session's own handler (internal so a test can check TLS and trust are set on it).</summary>
        internal static HttpClientHandler CreateHandler(ClusterConnectionSettings settings)
        {
            var handler = new HttpClientHandler
            {
                // Redirects are followed by ClusterClient, which refuses to carry credentials to another host.
                AllowAutoRedirect = false,
                UseCookies = false,
                UseDefaultCredentials = false,
                AutomaticDecompression = DecompressionMethods.None,
                ServerCertificateCustomValidationCallback = (request, certificate, chain, errors) =>
                    settings.Trust.Validate(certificate, errors),
            };

            EnableModernTls(handler);

            if (settings.ClientCertificate != null)
            {
                // Certificate login: presented in the TLS handshake, so no request carries an Authorization header.
                handler.ClientCertificateOptions = ClientCertificateOption.Manual;
                handler.ClientCertificates.Add(settings.ClientCertificate);
            }

            if (settings.Proxy != null)
            {
                handler.Proxy = new WebProxy(settings.Proxy) { Credentials = settings.ProxyCredential };
                handler.UseProxy = true;
            }

            return handler;
        }

        /// <summary>
        /// Windows PowerShell 5.1 may default to TLS 1.0; clusters need 1.2 or 1.3. Set them on this handler only
        /// (never through ServicePointManager, which would change every other module in the process).
        /// </summary>
        private static void EnableModernTls(HttpClientHandler handler)
        {
            try
            {
                handler.SslProtocols = SslProtocols.Tls12 | Tls13;
            }
            catch (Exception exception) when (exception is NotSupportedException || exception is PlatformNotSupportedException || exception is ArgumentException)
            {
                handler.SslProtocols = SslProtocols.Tls12;
            }
        }
    }
}
