using System.ComponentModel.DataAnnotations;

namespace Portal.Mail;

/// Section "Mail". Without Mail:Smtp:Host the portal writes every mail as an .eml file into the pickup folder,
/// so a fresh install "sends" and a person can open what would have gone out.
public sealed class MailOptions
{
    public const string SectionName = "Mail";

    [Required]
    [EmailAddress]
    public string From { get; set; } = "portal@localhost";

    /// Defaults to the seller's name (Seller:Name).
    public string? FromName { get; set; }

    /// The portal's address as users reach it (https://portal.example.com); links in mails start with it.
    /// Without it, links use the address of the request that caused the mail, which a forged Host header can bend.
    public string? PublicUrl { get; set; }

    public SmtpOptions Smtp { get; set; } = new();

    /// Where mails go without SMTP; relative paths are resolved against the content root. Default: <DataPath>/mail-pickup.
    public string? PickupFolder { get; set; }

    /// Runs the background sender in this instance. Every instance may run it; each mail is claimed by one.
    public bool DispatcherEnabled { get; set; } = true;

    /// After this many failed attempts a mail is parked as failed until an administrator sends it again.
    [Range(1, 1000)]
    public int MaxAttempts { get; set; } = 10;

    /// The wait after the first failure; it doubles with every further failure, up to RetryMaxDelay.
    /// With the defaults ten attempts span about four hours, longer than a typical mail-server outage.
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromHours(1);

    /// How often an idle sender looks for due mails; mails enqueued by this instance wake it at once.
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// How long a claim holds. An instance that dies mid-send leaves its mail to others once the lease runs out;
    /// it must comfortably exceed the SMTP timeout, or a slow send could be claimed twice.
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(5);

    [Range(1, 1000)]
    public int BatchSize { get; set; } = 20;

    public string ResolvePickupFolder(string contentRoot, string dataPath) =>
        string.IsNullOrWhiteSpace(PickupFolder)
            ? Path.Combine(dataPath, "mail-pickup")
            : Path.GetFullPath(Path.Combine(contentRoot, PickupFolder));
}

public sealed class SmtpOptions
{
    /// Empty: no SMTP server, mails go to the pickup folder.
    public string? Host { get; set; }

    public int Port { get; set; } = 587;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;

    public string? User { get; set; }

    /// Set it through the environment (Mail__Smtp__Password) or user-secrets, never in appsettings.json.
    public string? Password { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Host);
}

public enum SmtpSecurity
{
    /// Plain text; only for a relay on the same host or network.
    None,

    /// Connect in plain text, then require STARTTLS (port 587).
    StartTls,

    /// TLS from the first byte (port 465).
    SslOnConnect,
}
