using Microsoft.Extensions.Options;
using Stripe;

namespace Portal.Payments;

public static class StripeWebhook
{
    /// POST /webhooks/stripe: only events whose signature Stripe.net verifies with the configured secret, and not
    /// older than the tolerance, get through; anything else is 400 and changes nothing.
    public static IEndpointRouteBuilder MapStripeWebhook(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/webhooks/stripe", async (HttpRequest request, IOptions<StripeOptions> options, CardPayments payments, ILoggerFactory loggers, CancellationToken cancellationToken) =>
        {
            var logger = loggers.CreateLogger("Portal.Payments.StripeWebhook");
            var settings = options.Value;
            if (!settings.IsConfigured)
            {
                return Results.NotFound();
            }

            var signature = request.Headers["Stripe-Signature"].ToString();
            if (string.IsNullOrWhiteSpace(signature))
            {
                logger.LogWarning("Refused a Stripe webhook without a signature");
                return Results.BadRequest("Missing signature.");
            }

            using var reader = new StreamReader(request.Body);
            var json = await reader.ReadToEndAsync(cancellationToken);
            Event stripeEvent;
            try
            {
                stripeEvent = EventUtility.ConstructEvent(json, signature, settings.WebhookSecret, settings.WebhookToleranceSeconds);
            }
            catch (Exception e) when (e is StripeException or ArgumentException or Newtonsoft.Json.JsonException)
            {
                // The reason, never the secret or the payload.
                logger.LogWarning("Refused a Stripe webhook: {Reason}", e.Message);
                return Results.BadRequest("Invalid signature.");
            }

            var outcome = await payments.ApplyAsync(stripeEvent, cancellationToken);
            logger.LogInformation("Stripe event {EventId} ({Type}): {Outcome}", stripeEvent.Id, stripeEvent.Type, outcome);
            return Results.Ok();
        }).DisableAntiforgery();
        return endpoints;
    }
}
