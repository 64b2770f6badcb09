using System;

namespace RECertificates.Renewal
{
    /// <summary>How urgent a certificate's renewal is, by whole days left: the report's colours, shapes and words.</summary>
    internal enum ExpiryStatus
    {
        Expired,
        Under30Days,
        Under90Days,
        Ok,
    }

    internal static class ExpiryStatuses
    {
        /// <summary>Whole days left, rounded down; negative once expired. RECertificate.DaysRemaining and the report both count so.</summary>
        public static int DaysRemaining(DateTime notAfterUtc, DateTime utcNow) => (int)Math.Floor((notAfterUtc - utcNow).TotalDays);

        public static ExpiryStatus Of(DateTime notAfterUtc, DateTime utcNow)
        {
            if (notAfterUtc <= utcNow)
            {
                return ExpiryStatus.Expired;
            }

            int days = DaysRemaining(notAfterUtc, utcNow);
            return days < 30 ? ExpiryStatus.Under30Days : days < 90 ? ExpiryStatus.Under90Days : ExpiryStatus.Ok;
        }

        /// <summary>The words shown beside the colour, so print and colour-blind readers get the same message.</summary>
        public static string Label(ExpiryStatus status)
        {
            switch (status)
            {
                case ExpiryStatus.Expired: return "Expired";
                case ExpiryStatus.Under30Days: return "Under 30 days";
                case ExpiryStatus.Under90Days: return "Under 90 days";
                default: return "OK";
            }
        }

        /// <summary>The CSS class of the status (colour and marker shape).</summary>
        public static string CssClass(ExpiryStatus status)
        {
            switch (status)
            {
                case ExpiryStatus.Expired: return "expired";
                case ExpiryStatus.Under30Days: return "d30";
                case ExpiryStatus.Under90Days: return "d90";
                default: return "ok";
            }
        }
    }
}
