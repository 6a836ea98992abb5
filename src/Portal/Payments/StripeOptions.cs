namespace Portal.Payments;

/// Card payments through Stripe. Card is offered only when both secrets are set (environment variables or
/// user secrets, never appsettings.json): Stripe__SecretKey and Stripe__WebhookSecret.
public sealed class StripeOptions
{
    public const string SectionName = "Stripe";

    public string? SecretKey { get; set; }
    public string? WebhookSecret { get; set; }

    /// Another API host for Stripe.net (a local stand-in in tests); empty means Stripe itself.
    public string? ApiBase { get; set; }

    /// The portal's public address for Stripe's return links; empty means the address of the current request.
    public string? PublicBaseUrl { get; set; }

    /// Webhook signatures older than this are refused (replay protection on top of the processed-event ids).
    public int WebhookToleranceSeconds { get; set; } = 300;

    public bool IsConfigured => !string.IsNullOrWhiteSpace(SecretKey) && !string.IsNullOrWhiteSpace(WebhookSecret);
}
