namespace Portal.Payments;

public static class PaymentsExtensions
{
    public static IHostApplicationBuilder AddPortalPayments(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<StripeOptions>().BindConfiguration(StripeOptions.SectionName);
        builder.Services.AddScoped<CardPayments>();
        return builder;
    }
}
