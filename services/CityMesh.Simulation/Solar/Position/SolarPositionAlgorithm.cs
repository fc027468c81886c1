namespace CityMesh.Simulation.Solar.Position;

/// <summary>
/// The NREL Solar Position Algorithm (I. Reda and A. Andreas, "Solar Position Algorithm for Solar Radiation
/// Applications", NREL/TP-560-34302, 2003, revised 2008; Solar Energy 76(5), 2004), written from the report's
/// step-by-step method: Julian day → the Earth's heliocentric position from the truncated VSOP87 series → geocentric
/// sun → nutation, aberration, apparent sidereal time → geocentric right ascension and declination → hour angle →
/// topocentric values by the parallax of the observer's place → refraction → zenith and azimuth. Claimed uncertainty
/// ±0.0003° over the years −2000…6000; its reference case is a test (SolarPositionTests).
/// Double precision throughout: the reference values are given to 1e-5° and the series' large terms (1.75e8 with a
/// phase in τ of ~1e-2) need the digits.
/// </summary>
public static class SolarPositionAlgorithm
{
    private const double Deg = Math.PI / 180.0;

    /// <summary>The sun's radius seen from the Earth, degrees: below −(this + refraction) the sun has set.</summary>
    private const double SunRadius = 0.26667;

    /// <summary>
    /// The sun at <paramref name="time"/> (its offset gives the time zone) seen from <paramref name="observer"/>.
    /// <paramref name="deltaT"/> is TT − UT in seconds (about 69 s in the 2020s; the report's example uses 67 s);
    /// <paramref name="deltaUt1"/> is UT1 − UTC in seconds (within ±0.9 s; 0 is good to ~0.004° of hour angle).
    /// </summary>
    public static SunPosition Compute(DateTimeOffset time, SolarObserver observer, double deltaT = 69.0, double deltaUt1 = 0.0)
    {
        ArgumentNullException.ThrowIfNull(observer);
        var utc = time.UtcDateTime;
        double dayFraction = (utc.Hour + (utc.Minute + (utc.Second + utc.Millisecond / 1000.0 + deltaUt1) / 60.0) / 60.0) / 24.0;
        return Compute(JulianDay(utc.Year, utc.Month, utc.Day + dayFraction), observer, deltaT);
    }

    /// <summary>The sun at Julian day <paramref name="jd"/> (UT) seen from <paramref name="observer"/>.</summary>
    public static SunPosition Compute(double jd, SolarObserver observer, double deltaT = 69.0)
    {
        ArgumentNullException.ThrowIfNull(observer);
        // Time scales: ephemeris day, centuries and millennia from J2000.0.
        double jde = jd + deltaT / 86400.0;
        double jc = (jd - 2451545.0) / 36525.0;
        double jce = (jde - 2451545.0) / 36525.0;
        double jme = jce / 10.0;

        // The Earth's heliocentric position (the series are in 1e-8 radians and 1e-8 AU).
        double l = Limit360(Series(EarthPeriodicTerms.Longitude, jme) / 1e8 / Deg);
        double b = Series(EarthPeriodicTerms.Latitude, jme) / 1e8 / Deg;
        double r = Series(EarthPeriodicTerms.Radius, jme) / 1e8;

        // The geocentric sun is the opposite point.
        double theta = Limit360(l + 180.0);
        double beta = -b;

        var (deltaPsi, deltaEpsilon) = Nutation(jce);
        double u = jme / 10.0;
        double epsilon0 = 84381.448 + u * (-4680.93 + u * (-1.55 + u * (1999.25 + u * (-51.38 + u * (-249.67 +
                          u * (-39.05 + u * (7.12 + u * (27.87 + u * (5.79 + u * 2.45)))))))));
        double epsilon = epsilon0 / 3600.0 + deltaEpsilon;

        // Aberration, then the apparent longitude.
        double deltaTau = -20.4898 / (3600.0 * r);
        double lambda = theta + deltaPsi + deltaTau;

        // Apparent sidereal time at Greenwich.
        double nu0 = Limit360(280.46061837 + 360.98564736629 * (jd - 2451545.0) + jc * jc * (0.000387933 - jc / 38710000.0));
        double nu = nu0 + deltaPsi * Math.Cos(epsilon * Deg);

        // Geocentric right ascension and declination.
        double sinLambda = Math.Sin(lambda * Deg), cosEpsilon = Math.Cos(epsilon * Deg), sinEpsilon = Math.Sin(epsilon * Deg);
        double alpha = Limit360(Math.Atan2(sinLambda * cosEpsilon - Math.Tan(beta * Deg) * sinEpsilon, Math.Cos(lambda * Deg)) / Deg);
        double delta = Math.Asin(Math.Sin(beta * Deg) * cosEpsilon + Math.Cos(beta * Deg) * sinEpsilon * sinLambda) / Deg;

        // The observer's local hour angle.
        double h = Limit360(nu + observer.Longitude - alpha);

        // Topocentric: the observer is an Earth radius (and an elevation) off the centre; the parallax is ξ.
        double phi = observer.Latitude * Deg;
        double xi = 8.794 / (3600.0 * r) * Deg;
        double uu = Math.Atan(0.99664719 * Math.Tan(phi));
        double x = Math.Cos(uu) + observer.Elevation / 6378140.0 * Math.Cos(phi);
        double y = 0.99664719 * Math.Sin(uu) + observer.Elevation / 6378140.0 * Math.Sin(phi);
        double hRad = h * Deg, deltaRad = delta * Deg;
        double denominator = Math.Cos(deltaRad) - x * Math.Sin(xi) * Math.Cos(hRad);
        double deltaAlpha = Math.Atan2(-x * Math.Sin(xi) * Math.Sin(hRad), denominator);
        double deltaPrime = Math.Atan2((Math.Sin(deltaRad) - y * Math.Sin(xi)) * Math.Cos(deltaAlpha), denominator);
        double hPrime = hRad - deltaAlpha;

        // Elevation without refraction, then with it while the sun is above the horizon.
        double e0 = Math.Asin(Math.Sin(phi) * Math.Sin(deltaPrime) + Math.Cos(phi) * Math.Cos(deltaPrime) * Math.Cos(hPrime)) / Deg;
        double refraction = e0 >= -(SunRadius + observer.RefractionAtHorizon)
            ? observer.PressureMbar / 1010.0 * (283.0 / (273.0 + observer.TemperatureC)) * 1.02 /
              (60.0 * Math.Tan((e0 + 10.3 / (e0 + 5.11)) * Deg))
            : 0.0;
        double zenith = 90.0 - (e0 + refraction);

        // Astronomers' azimuth (westward from south), then navigators' (eastward from north).
        double gamma = Math.Atan2(Math.Sin(hPrime), Math.Cos(hPrime) * Math.Sin(phi) - Math.Tan(deltaPrime) * Math.Cos(phi)) / Deg;
        double azimuth = Limit360(gamma + 180.0);

        return new SunPosition(jd, l, b, r, deltaPsi, deltaEpsilon, epsilon, lambda, alpha, delta, h, zenith, azimuth);
    }

    /// <summary>
    /// The Julian day of a Gregorian (or, before 15 October 1582, Julian) calendar date; <paramref name="day"/> carries
    /// the time of day as its fraction. Valid for years after −4712.
    /// </summary>
    public static double JulianDay(int year, int month, double day)
    {
        if (month < 3)
        {
            year--;
            month += 12;
        }
        double jd = Math.Floor(365.25 * (year + 4716.0)) + Math.Floor(30.6001 * (month + 1)) + day - 1524.5;
        if (jd > 2299160.0)
        {
            double a = Math.Floor(year / 100.0);
            jd += 2.0 - a + Math.Floor(a / 4.0);
        }
        return jd;
    }

    /// <summary>The incidence angle on a surface (see <see cref="SunPosition.IncidenceAngle"/>), degrees.</summary>
    public static double IncidenceAngle(double zenith, double azimuth, double slope, double azimuthRotation)
    {
        double astronomersAzimuth = azimuth - 180.0;
        double cosine = Math.Cos(zenith * Deg) * Math.Cos(slope * Deg) +
                        Math.Sin(slope * Deg) * Math.Sin(zenith * Deg) * Math.Cos((astronomersAzimuth - azimuthRotation) * Deg);
        return Math.Acos(Math.Clamp(cosine, -1.0, 1.0)) / Deg;
    }

    /// <summary>Σ_i τ^i Σ_k A cos(B + C τ) over the series' powers, by Horner's rule.</summary>
    private static double Series(PeriodicTerm[][] powers, double tau)
    {
        double sum = 0.0;
        for (int i = powers.Length - 1; i >= 0; i--)
        {
            double term = 0.0;
            foreach (var t in powers[i]) term += t.A * Math.Cos(t.B + t.C * tau);
            sum = sum * tau + term;
        }
        return sum;
    }

    /// <summary>Δψ and Δε in degrees from the five fundamental arguments of the Moon and the Sun (degrees, in JCE).</summary>
    private static (double Psi, double Epsilon) Nutation(double jce)
    {
        // Mean elongation of the Moon from the Sun, mean anomalies of the Sun and the Moon, the Moon's argument of
        // latitude, and the longitude of its ascending node.
        double x0 = 297.85036 + jce * (445267.111480 + jce * (-0.0019142 + jce / 189474.0));
        double x1 = 357.52772 + jce * (35999.050340 + jce * (-0.0001603 - jce / 300000.0));
        double x2 = 134.96298 + jce * (477198.867398 + jce * (0.0086972 + jce / 56250.0));
        double x3 = 93.27191 + jce * (483202.017538 + jce * (-0.0036825 + jce / 327270.0));
        double x4 = 125.04452 + jce * (-1934.136261 + jce * (0.0020708 + jce / 450000.0));
        double psi = 0.0, epsilon = 0.0;
        foreach (var t in NutationTerms.All)
        {
            double argument = (x0 * t.Y0 + x1 * t.Y1 + x2 * t.Y2 + x3 * t.Y3 + x4 * t.Y4) * Deg;
            psi += (t.A + t.B * jce) * Math.Sin(argument);
            epsilon += (t.C + t.D * jce) * Math.Cos(argument);
        }
        return (psi / 36000000.0, epsilon / 36000000.0);
    }

    private static double Limit360(double degrees)
    {
        double limited = degrees % 360.0;
        return limited < 0.0 ? limited + 360.0 : limited;
    }
}
