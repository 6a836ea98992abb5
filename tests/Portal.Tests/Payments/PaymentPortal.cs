using Portal.Tests.Infrastructure;

namespace Portal.Tests.Payments;

/// The demo portal with Stripe configured against the local stand-in.
public sealed class PaymentPortal : IAsyncLifetime
{
    public StripeStandIn Stripe { get; private set; } = null!;
    public DemoPortal Portal { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Stripe = await StripeStandIn.StartAsync();
        Portal = new DemoPortal();
        Portal.With("Stripe:SecretKey", StripeStandIn.SecretKey)
            .With("Stripe:WebhookSecret", StripeStandIn.WebhookSecret)
            .With("Stripe:ApiBase", Stripe.BaseUrl);
        _ = Portal.Server;
    }

    public async Task DisposeAsync()
    {
        await Portal.DisposeAsync();
        await Stripe.DisposeAsync();
    }
}
