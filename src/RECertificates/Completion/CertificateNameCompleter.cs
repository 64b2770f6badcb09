using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Threading;
using System.Threading.Tasks;
using RECertificates.Certificates;
using RECertificates.Cluster;
using RECertificates.Commands;
using RECertificates.Sessions;

namespace RECertificates.Completion
{
    /// <summary>
    /// Completes -Name with the certificate names of the session's cluster: the -Session typed on the command line,
    /// else the runspace's default session. Without a session, or when the cluster does not answer within the
    /// cache's time limit, it offers the names this module knows. Commands that set certificates are offered only the
    /// names the cluster's version has.
    /// </summary>
    public sealed class CertificateNameCompleter : IArgumentCompleter
    {
        // Commands that only act on certificates the cluster holds: offering other names would only lead to
        // 'not found'. Every other command may also set a name the cluster does not hold yet.
        private static readonly HashSet<string> CommandsOnExistingCertificates =
            new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "Get-RECertificate", "Remove-RECertificate" };

        // Commands that never talk to a cluster: Tab must not make them do so.
        private static readonly HashSet<string> OfflineCommands =
            new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "Test-RECertificate" };

        /// <summary>One cache for the process: it is keyed by session, and sessions may be shared by runspaces.</summary>
        internal static CertificateNameCache Cache { get; } =
            new CertificateNameCache(CertificateNameCache.DefaultLifetime, CertificateNameCache.DefaultTimeLimit);

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            try
            {
                string word = wordToComplete ?? string.Empty;
                var pattern = WildcardPattern.Get(word.Trim('\'', '"') + "*", WildcardOptions.IgnoreCase);

                // Names come from the cluster, which may be hostile or broken: what is inserted becomes code when the
                // completion is accepted, so only well-formed certificate names are offered, never anything else.
                HashSet<string> typed = NamesAlreadyTyped(commandAst, parameterName, word);
                bool removing = string.Equals(commandName, "Remove-RECertificate", StringComparison.OrdinalIgnoreCase);
                List<string> offerable = CandidateNames(commandName, fakeBoundParameters)
                    .Where(IsOfferable)
                    // Remove-RECertificate refuses the names the cluster makes itself (RequiredCertificate): offering them
                    // would only lead to that error.
                    .Where(name => !(removing && CertificateNames.IsRequired(name)))
                    .Where(name => !typed.Contains(name))
                    .ToList();
                List<string> matching = offerable.Where(name => pattern.IsMatch(name)).ToList();

                // Nothing starts with what was typed: a typo (prxy), so offer the known name nearest to it.
                string current = CertificateNames.Normalize(word.Trim('\'', '"'));
                if (matching.Count == 0 && current.Length > 0 && ClosestName.Among(current, offerable) is string closest)
                {
                    matching.Add(closest);
                }

                return matching
                    .Select(name => new CompletionResult(CompletionText(name, word), name, CompletionResultType.ParameterValue, name))
                    .ToList();
            }
            catch (Exception)
            {
                // A completer that throws shows the user nothing useful and may break their typing: offer nothing.
                return Enumerable.Empty<CompletionResult>();
            }
        }

        /// <summary>
        /// The names already in the list being completed (<c>-Name proxy,ldap_client,&lt;Tab&gt;</c>): offering them again
        /// would only name a certificate twice. The word being completed is not one of them (one occurrence of it is
        /// left out), so Tab on a whole name still offers that name.
        /// </summary>
        internal static HashSet<string> NamesAlreadyTyped(CommandAst? commandAst, string? parameterName, string wordToComplete)
        {
            var typed = new HashSet<string>(StringComparer.Ordinal);
            if (commandAst == null)
            {
                return typed;
            }

            if (!string.Equals(parameterName, "Name", StringComparison.OrdinalIgnoreCase))
            {
                return typed;
            }

            ReadOnlyCollection<CommandElementAst> elements = commandAst.CommandElements;
            Ast? list = null;
            for (int i = 1; i < elements.Count && list == null; i++)
            {
                if (elements[i] is CommandParameterAst parameter)
                {
                    // -Name, or any prefix of it PowerShell accepts (-N, -Na); -Name:a,b carries its argument inside.
                    if (parameter.ParameterName.Length > 0 && "Name".StartsWith(parameter.ParameterName, StringComparison.OrdinalIgnoreCase))
                    {
                        list = parameter.Argument ?? (i + 1 < elements.Count && !(elements[i + 1] is CommandParameterAst) ? elements[i + 1] : null);
                    }
                }
                else if (i == 1)
                {
                    // The first argument without a parameter name: -Name is positional (position 0).
                    list = elements[i];
                }
            }

            if (list == null)
            {
                return typed;
            }

            var values = list.FindAll(a => a is StringConstantExpressionAst, searchNestedScriptBlocks: false)
                .Cast<StringConstantExpressionAst>().Select(a => a.Value).ToList();
            string current = wordToComplete.Trim('\'', '"');
            int own = values.FindLastIndex(v => string.Equals(v, current, StringComparison.OrdinalIgnoreCase));
            if (own >= 0)
            {
                values.RemoveAt(own);
            }

            foreach (string value in values.Where(CertificateNames.IsValidName))
            {
                typed.Add(CertificateNames.Normalize(value));
            }

            return typed;
        }

        /// <summary>A name exactly as the cluster spells valid ones: lower-case letters, digits and '_' only.</summary>
        internal static bool IsOfferable(string? name) =>
            CertificateNames.IsValidName(name) && string.Equals(name, CertificateNames.Normalize(name!), StringComparison.Ordinal);

        /// <summary>
        /// The text to insert: in the quotes the user opened, if any. Offerable names hold nothing a quote would need
        /// escaping for, and nothing PowerShell reads as code without quotes.
        /// </summary>
        internal static string CompletionText(string name, string wordToComplete)
        {
            char quote = wordToComplete.Length > 0 && (wordToComplete[0] == '\'' || wordToComplete[0] == '"') ? wordToComplete[0] : '\0';
            return quote == '\0' ? name : quote + name + quote;
        }

        private static IReadOnlyList<string> CandidateNames(string commandName, IDictionary? fakeBoundParameters)
        {
            if (OfflineCommands.Contains(commandName ?? string.Empty))
            {
                return CertificateNames.All;
            }

            List<RESession> sessions = SessionsOf(fakeBoundParameters?["Session"]).Where(s => s.IsConnected).Distinct().ToList();
            if (sessions.Count == 0)
            {
                RESession? current = DefaultSessionStore.Get(RECmdlet.CurrentRunspace);
                if (current != null && current.IsConnected)
                {
                    sessions.Add(current);
                }
            }

            if (sessions.Count == 0)
            {
                return CertificateNames.All;
            }

            IReadOnlyList<string> onCluster = Cache.GetNames(sessions.Cast<object>().ToList(), FetchNamesAsync, CertificateNames.All);
            // A name newer than every session's cluster would only be refused (CertificateNotSupported).
            return CommandsOnExistingCertificates.Contains(commandName ?? string.Empty)
                ? onCluster
                : onCluster.Union(CertificateNames.All, StringComparer.Ordinal)
                    .Where(name => sessions.Any(session => ClusterVersionFacts.HasName(session.Version, name)))
                    .OrderBy(n => n, StringComparer.Ordinal)
                    .ToList();
        }

        private static async Task<IReadOnlyList<string>> FetchNamesAsync(object session, CancellationToken cancellationToken)
        {
            // No listener: completion writes nothing to any stream.
            IReadOnlyList<ClusterCertificateEntry> entries = await ((RESession)session).Client
                .GetCertificatesAsync(false, NullCallLog.Instance, cancellationToken).ConfigureAwait(false);
            return entries.Select(e => e.Name).ToList();
        }

        /// <summary>
        /// The sessions in a -Session value as the completion engine passes it: a session, an array of them, or
        /// either wrapped in PSObjects.
        /// </summary>
        private static IEnumerable<RESession> SessionsOf(object? value)
        {
            object? unwrapped = value is PSObject wrapper ? wrapper.BaseObject : value;
            if (unwrapped is RESession session)
            {
                yield return session;
            }
            else if (unwrapped is IEnumerable items && !(unwrapped is string))
            {
                foreach (object? item in items)
                {
                    foreach (RESession inner in SessionsOf(item))
                    {
                        yield return inner;
                    }
                }
            }
        }
    }
}
