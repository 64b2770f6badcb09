using System;
using System.Net;
using System.Net.Http;
using System.Security.Authentication;
using System.Threading;
using Microsoft.Extensions.DependencyInjection;

namespace RECertificates
{
    /// <summary>
    /// Makes the one pooled HttpClient of a session through IHttpClientFactory. Each session gets its own
    /// handler, because trust (verify, pin or skip) and the proxy are the session's own choice.
    /// </summary>
    internal static class ClusterHttpClientFactory
    {
        private const string ClientName = "RECertificates.Cluster";

        // SslProtocols.Tls13 is not in netstandard2.0; its value is fixed by the platform.
        private const SslProtocols Tls13 = (SslProtocols)12288;

        /// <summary>Builds the client; dispose the returned owner to release its connections.</summary>
        public static HttpClient Create(ClusterConnectionSettings settings, out IDisposable owner)
        {
            var services = new ServiceCollection();
            services.AddHttpClient(ClientName)
                .ConfigurePrimaryHttpMessageHandler(() => CreateHandler(settings))
                .RemoveAllLoggers()
                // The session keeps its one client for its whole life: no handler rotation timers.
                .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
            ServiceProvider provider = services.BuildServiceProvider();
            HttpClient client = provider.GetRequiredService<IHttpClientFactory>().CreateClient(ClientName);

            // Each request carries its own deadline (reads and writes differ); the client's own would cut both.
            client.Timeout = Timeout.InfiniteTimeSpan;
            owner = provider;
            return client;
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
