using System;
using System.Collections.Generic;
using System.Linq;
using RECertificates.Certificates;

namespace RECertificates.Cluster
{
    /// <summary>How a cluster takes certificate changes: all in one request, or one request per certificate.</summary>
    internal enum UpdateEndpoint
    {
        /// <summary>PUT /v1/cluster/certificates (7.22.2 and later).</summary>
        AllInOne,

        /// <summary>PUT /v1/cluster/update_cert, one certificate per request.</summary>
        OneByOne,
    }

    /// <summary>
    /// What a validated set becomes on the wire for one cluster: the certificates the cluster already holds are
    /// dropped, the rest go in as few requests as the endpoint allows, split around the known defects of the
    /// cluster's version. A plain function of its inputs: no cluster, no PowerShell.
    /// </summary>
    internal static class RequestPlan
    {
        /// <param name="items">The certificates, in the order they should go (name order).</param>
        /// <param name="version">The cluster's version; null when unknown (then no workaround applies).</param>
        public static RequestPlan<T> Make<T>(IReadOnlyList<T> items, Func<T, string> name, Func<T, bool> isUnchanged, UpdateEndpoint endpoint, SoftwareVersion? version)
        {
            List<T> unchanged = items.Where(isUnchanged).ToList();
            List<T> changed = items.Where(i => !isUnchanged(i)).ToList();
            var notes = new List<string>();

            List<List<T>> batches;
            if (endpoint == UpdateEndpoint.OneByOne)
            {
                batches = changed.Select(i => new List<T> { i }).ToList();
            }
            else
            {
                List<T> ccs = changed.Where(i => CertificateNames.Normalize(name(i)) == CertificateNames.CcsInternodeEncryption).ToList();
                bool split = ccs.Count > 0 && ccs.Count < changed.Count && ClusterVersionFacts.MixedInternodeUpdate.Affects(version);
                if (split)
                {
                    // The others first: if the internode request then fails, the cluster holds a consistent set.
                    batches = new List<List<T>> { changed.Except(ccs).ToList(), ccs };
                    notes.Add($"'{CertificateNames.CcsInternodeEncryption}' goes in a request of its own, after the others, because of {ClusterVersionFacts.MixedInternodeUpdate.Describe(version)}.");
                }
                else
                {
                    batches = changed.Count == 0 ? new List<List<T>>() : new List<List<T>> { changed };
                }
            }

            KnownDefect outage = ClusterVersionFacts.InternodeApiOutage;
            var requests = batches
                .Select(batch => new PlannedRequest<T>(batch, outage.Affects(version) && batch.Any(i => CertificateNames.IsInternode(name(i))) ? outage : null))
                .ToList();
            if (requests.Any(r => r.WaitForApiAfter != null))
            {
                notes.Add($"After the internode change the module waits up to {ClusterVersionFacts.InternodeApiOutageBound.TotalMinutes:0} minutes for the REST API to answer again, because of {outage.Describe(version)}.");
            }

            return new RequestPlan<T>(unchanged, requests, notes);
        }
    }

    /// <summary>The outcome of <see cref="RequestPlan.Make{T}"/>.</summary>
    internal sealed class RequestPlan<T>
    {
        public RequestPlan(IReadOnlyList<T> unchanged, IReadOnlyList<PlannedRequest<T>> requests, IReadOnlyList<string> notes)
        {
            Unchanged = unchanged;
            Requests = requests;
            Notes = notes;
        }

        /// <summary>Identical to what the cluster holds: not sent.</summary>
        public IReadOnlyList<T> Unchanged { get; }

        /// <summary>The requests, in the order they are sent.</summary>
        public IReadOnlyList<PlannedRequest<T>> Requests { get; }

        /// <summary>Why the plan is not simply "one request" (-WhatIf and -Verbose say these).</summary>
        public IReadOnlyList<string> Notes { get; }

        public IEnumerable<T> Changed => Requests.SelectMany(r => r.Items);
    }

    /// <summary>One write, and whether the REST API must be waited for after it.</summary>
    internal sealed class PlannedRequest<T>
    {
        public PlannedRequest(IReadOnlyList<T> items, KnownDefect? waitForApiAfter)
        {
            Items = items;
            WaitForApiAfter = waitForApiAfter;
        }

        public IReadOnlyList<T> Items { get; }

        /// <summary>The defect that may take the REST API away after this request; null when none does.</summary>
        public KnownDefect? WaitForApiAfter { get; }
    }
}
