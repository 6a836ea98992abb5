namespace Portal.Pricing;

public static class PricingExtensions
{
    public static IHostApplicationBuilder AddPortalPricing(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<PriceBook>();
        return builder;
    }
}
