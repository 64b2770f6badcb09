using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using RECertificates.Renewal;

namespace RECertificates.Commands
{
    /// <summary>
    /// -Issuer: the script block runs on the pipeline thread with the request as $_ and as its argument; its last
    /// output that is not null is the answer.
    /// </summary>
    internal sealed class ScriptBlockIssuer : ICertificateIssuer
    {
        private readonly ScriptBlock _script;

        public ScriptBlockIssuer(ScriptBlock script)
        {
            _script = script;
        }

        public object? Issue(RECertificateRequest request) =>
            _script.InvokeWithContext(null, new List<PSVariable> { new PSVariable("_", request) }, request)
                .Select(o => o?.BaseObject)
                .LastOrDefault(o => o != null);
    }
}
