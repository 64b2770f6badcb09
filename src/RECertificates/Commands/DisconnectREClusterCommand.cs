using System;
using System.Management.Automation;
using RECertificates.Sessions;

namespace RECertificates.Commands
{
    /// <summary>Closes sessions: releases their connections and forgets the default if it was one of them.</summary>
    [Cmdlet(VerbsCommunications.Disconnect, "RECluster")]
    [OutputType(typeof(void))]
    public sealed class DisconnectREClusterCommand : RECmdlet
    {
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNull]
        public RESession[]? Session { get; set; }

        protected override void ProcessRecord()
        {
            foreach (RESession session in Session ?? Array.Empty<RESession>())
            {
                Close(session);
            }
        }

        protected override void EndProcessing()
        {
            // Without -Session (and nothing piped), the default session is the one meant.
            if (!MyInvocation.BoundParameters.ContainsKey(nameof(Session)) && !MyInvocation.ExpectingInput)
            {
                RESession? current = DefaultSessionStore.Get(CurrentRunspace);
                if (current == null)
                {
                    WriteVerbose("There is no default session to disconnect.");
                    return;
                }

                Close(current);
            }
        }

        private void Close(RESession session)
        {
            if (DefaultSessionStore.ClearIf(CurrentRunspace, session))
            {
                WriteVerbose($"{session} is no longer the default session.");
            }

            session.Dispose();
            WriteVerbose($"Disconnected {session}.");
        }
    }
}
