using System;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Reflection;
using RECertificates.Hosting;
using RECertificates.Cluster;

namespace RECertificates.Commands
{
    /// <summary>
    /// ShouldProcess with -Force, the way PowerShell users expect it on a ConfirmImpact High cmdlet: -Force skips the
    /// confirmation that the default $ConfirmPreference would ask for, but never -WhatIf (given or through
    /// $WhatIfPreference) and never a -Confirm the user typed. One place, for every cmdlet that changes a cluster.
    /// It takes the module's RECmdlet so that its verbose line goes through RECmdlet.WriteVerbose (no -Debug prompt).
    /// Where the confirmation would be asked and nobody can answer (-NonInteractive, a host without a user interface), the
    /// cmdlet stops with ConfirmationRequired, saying to add -Force, before anything is sent.
    /// </summary>
    internal static class ForcedConfirmation
    {
        /// <summary>The short form: "Performing the operation <paramref name="action"/> on target <paramref name="target"/>".</summary>
        public static bool ShouldProcess(RECmdlet cmdlet, bool force, string target, string action)
        {
            if (SkipsPrompt(cmdlet, force))
            {
                // The same words ShouldProcess would write, so -Verbose shows every change either way.
                cmdlet.WriteVerbose($"Performing the operation \"{action}\" on target \"{target}\" (-Force: not asking).");
                return true;
            }

            return Ask(cmdlet, target, () => cmdlet.ShouldProcess(target, action));
        }

        /// <summary>The long form: a whole sentence for -WhatIf and -Verbose, a question for the prompt.</summary>
        public static bool ShouldProcess(RECmdlet cmdlet, bool force, string description, string question, string caption)
        {
            if (SkipsPrompt(cmdlet, force))
            {
                cmdlet.WriteVerbose($"{description} (-Force: not asking).");
                return true;
            }

            return Ask(cmdlet, description, () => cmdlet.ShouldProcess(description, question, caption));
        }

        private static bool Ask(RECmdlet cmdlet, string change, Func<bool> shouldProcess)
        {
            if (WouldPrompt(cmdlet) && CannotPrompt(cmdlet))
            {
                StopForConfirmation(cmdlet, change);
            }

            try
            {
                return shouldProcess();
            }
            catch (Exception e) when (e is HostException || e is PSInvalidOperationException || e is NotImplementedException)
            {
                // A host this check did not recognise refused the prompt: the same answer, in the same words.
                StopForConfirmation(cmdlet, change);
                throw; // not reached: the line above throws
            }
        }

        private static void StopForConfirmation(RECmdlet cmdlet, string change) =>
            cmdlet.ThrowTerminatingError(ErrorRecords.Create(CommandErrorIds.ConfirmationRequired, FailureKind.Refused, change,
                $"{change}: this needs a confirmation, and this PowerShell cannot ask for one (it runs NonInteractive, or its host has no user interface). Add -Force to make the change without asking (or -WhatIf to see what would change). Nothing was sent."));

        /// <summary>Whether ShouldProcess would ask: -Confirm given, or the cmdlet's impact reaches $ConfirmPreference.</summary>
        private static bool WouldPrompt(PSCmdlet cmdlet)
        {
            if (IsWhatIf(cmdlet))
            {
                return false;
            }

            if (cmdlet.MyInvocation.BoundParameters.TryGetValue("Confirm", out object? confirm))
            {
                return LanguagePrimitives.IsTrue(confirm);
            }

            ConfirmImpact impact = cmdlet.GetType().GetCustomAttribute<CmdletAttribute>()?.ConfirmImpact ?? ConfirmImpact.Medium;
            object? preference = cmdlet.GetVariableValue("ConfirmPreference");
            ConfirmImpact threshold = preference is ConfirmImpact given ? given : ConfirmImpact.High;
            return threshold != ConfirmImpact.None && impact >= threshold;
        }

        /// <summary>
        /// Whether nobody can answer a prompt: a host without a user interface, or a process started -NonInteractive
        /// (a scheduled task), where PowerShell's prompt would fail with words that say neither what nor what to do.
        /// </summary>
        private static bool CannotPrompt(PSCmdlet cmdlet)
        {
            PSHost? host = cmdlet.Host;
            if (host?.UI == null || host.Name == "Default Host")
            {
                return true;
            }

            // Redirected input is not refused: a console whose input is piped answers the prompt from it.
            return host.Name == "ConsoleHost" && StartedNonInteractive(Environment.GetCommandLineArgs());
        }

        /// <summary>Whether PowerShell's own command line holds -NonInteractive (or an abbreviation, such as -noni).</summary>
        internal static bool StartedNonInteractive(string[] arguments)
        {
            foreach (string argument in arguments.Skip(1))
            {
                string name = argument.TrimStart('-', '/').ToLowerInvariant();
                if (argument.Length == name.Length)
                {
                    continue; // not a parameter
                }

                // What follows -File or -Command belongs to the script, not to PowerShell.
                if (name == "f" || name == "file" || name == "c" || name == "command" || name == "e" || name == "ec" || name.StartsWith("encodedcommand", StringComparison.Ordinal))
                {
                    return false;
                }

                if (name.Length >= 4 && "noninteractive".StartsWith(name, StringComparison.Ordinal))
                {
                    return true;
                }
            }

            return false;
        }

        private static bool SkipsPrompt(PSCmdlet cmdlet, bool force) => force && !IsWhatIf(cmdlet) && !Asked(cmdlet, "Confirm");

        internal static bool IsWhatIf(PSCmdlet cmdlet) =>
            cmdlet.MyInvocation.BoundParameters.TryGetValue("WhatIf", out object? given)
                ? LanguagePrimitives.IsTrue(given)
                : LanguagePrimitives.IsTrue(cmdlet.GetVariableValue("WhatIfPreference"));

        private static bool Asked(PSCmdlet cmdlet, string parameter) =>
            cmdlet.MyInvocation.BoundParameters.TryGetValue(parameter, out object? given) && LanguagePrimitives.IsTrue(given);
    }
}
