using Microsoft.Extensions.Localization;
using Portal.Mail.Templates;

namespace Portal.Mail;

/// What a mail says, as data. Each kind names the two Razor components (Mail/Templates) that render its HTML
/// and plain-text bodies; they receive the record as their Mail parameter.
public abstract record MailTemplate
{
    public abstract string Kind { get; }
    public abstract Type HtmlTemplate { get; }
    public abstract Type TextTemplate { get; }
    public abstract string Subject(IStringLocalizer t, SellerOptions seller);

    /// Set by Outbox.EnqueueMarketingAsync for campaign and journey mail: the layout shows it in the footer.
    public Uri? UnsubscribeLink { get; init; }
}

public sealed record PasswordResetMail(string RecipientName, Uri Link, TimeSpan ValidFor) : MailTemplate
{
    public override string Kind => "PasswordReset";
    public override Type HtmlTemplate => typeof(PasswordResetHtml);
    public override Type TextTemplate => typeof(PasswordResetText);
    public override string Subject(IStringLocalizer t, SellerOptions seller) => t["Reset your password"];
}

public sealed record InvitationMail(string InviterName, string CompanyName, string InvitedEmail, Uri Link, TimeSpan ValidFor) : MailTemplate
{
    public override string Kind => "Invitation";
    public override Type HtmlTemplate => typeof(InvitationHtml);
    public override Type TextTemplate => typeof(InvitationText);
    public override string Subject(IStringLocalizer t, SellerOptions seller) => t["{0} invites you to order for {1}", InviterName, CompanyName];
}

/// Sent instead of an invitation when the invited address already has an account: the inviter is answered as for
/// any invitation (so the form does not tell who has an account), the address's owner learns what happened.
public sealed record AlreadyRegisteredMail(string InviterName, string CompanyName, Uri SignInLink, Uri ForgotPasswordLink) : MailTemplate
{
    public override string Kind => "AlreadyRegistered";
    public override Type HtmlTemplate => typeof(AlreadyRegisteredHtml);
    public override Type TextTemplate => typeof(AlreadyRegisteredText);
    public override string Subject(IStringLocalizer t, SellerOptions seller) => t["You already have a portal account"];
}

public static class MailText
{
    /// "2 hours", "7 days", "30 minutes" in the current UI language; link lifetimes read better than a clock time
    /// in a time zone the recipient may not share.
    public static string Duration(TimeSpan span, IStringLocalizer t)
    {
        if (span >= TimeSpan.FromDays(1) && span.Ticks % TimeSpan.TicksPerDay == 0)
        {
            var days = (int)span.TotalDays;
            return days == 1 ? t["1 day"] : t["{0} days", days];
        }

        if (span >= TimeSpan.FromHours(1) && span.Ticks % TimeSpan.TicksPerHour == 0)
        {
            var hours = (int)span.TotalHours;
            return hours == 1 ? t["1 hour"] : t["{0} hours", hours];
        }

        var minutes = Math.Max(1, (int)Math.Ceiling(span.TotalMinutes));
        return minutes == 1 ? t["1 minute"] : t["{0} minutes", minutes];
    }
}
