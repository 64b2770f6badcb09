using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace RECertificates
{
    /// <summary>
    /// Completes -Name with the certificate names this module knows. (Reading the live names from the session's
    /// cluster comes with the interactive-console work.)
    /// </summary>
    public sealed class CertificateNameCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var pattern = WildcardPattern.Get((wordToComplete ?? string.Empty).Trim('\'', '"') + "*", WildcardOptions.IgnoreCase);
            return CertificateNames.All
                .Where(name => pattern.IsMatch(name))
                .Select(name => new CompletionResult(name, name, CompletionResultType.ParameterValue, name));
        }
    }
}
