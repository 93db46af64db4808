"""Boost phase shape: speed and flight-path angle over the burn, in the Earth-fixed frame.

Over the burn ``tau = t / burn_time`` runs from 0 to 1.  The speed relative to the ground is
``v_burnout * tau**2`` (thrust roughly constant while the mass falls, so the acceleration grows);
the flight-path angle stays at 90 deg for the vertical rise and then falls linearly in time to the
burnout angle.  Height and downrange distance are integrals of that velocity and scale with
``v_burnout * burn_time``; a flat Earth is assumed over the few hundred km of the boost.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from airspace.geo import FloatArray

_GRID_POINTS = 2001


@dataclass(frozen=True, slots=True)
class BoostShape:
    """Boost kinematics for one burn: burnout speed (m/s) and flight-path angle (rad), burn time
    and vertical-rise time (s)."""

    burnout_speed_m_s: float
    burnout_angle_rad: float
    burn_time_s: float
    vertical_rise_s: float

    def _angle(self, tau: FloatArray) -> FloatArray:
        rise = self.vertical_rise_s / self.burn_time_s if self.burn_time_s > 0 else 0.0
        frac = np.clip((tau - rise) / max(1.0 - rise, 1e-9), 0.0, 1.0)
        return np.asarray(np.pi / 2 - (np.pi / 2 - self.burnout_angle_rad) * frac, dtype=float)

    def grid(self) -> tuple[FloatArray, FloatArray, FloatArray]:
        """Burn fraction, downrange (m) and height (m) on the integration grid."""
        tau = np.linspace(0.0, 1.0, _GRID_POINTS)
        gamma = self._angle(tau)
        speed = tau * tau
        scale = self.burnout_speed_m_s * self.burn_time_s
        dtau = np.diff(tau)
        along = speed * np.cos(gamma)
        up = speed * np.sin(gamma)
        s = np.concatenate([[0.0], np.cumsum((along[1:] + along[:-1]) / 2 * dtau)]) * scale
        h = np.concatenate([[0.0], np.cumsum((up[1:] + up[:-1]) / 2 * dtau)]) * scale
        return tau, s, h

    @property
    def burnout_height_m(self) -> float:
        return float(self.grid()[2][-1]) if self.burn_time_s > 0 else 0.0

    @property
    def burnout_downrange_m(self) -> float:
        return float(self.grid()[1][-1]) if self.burn_time_s > 0 else 0.0

    def at(self, t_s: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
        """Downrange (m), height (m), along-track and vertical speeds (m/s) at times ``t_s``."""
        tau_q = np.clip(np.asarray(t_s, dtype=np.float64) / self.burn_time_s, 0.0, 1.0)
        tau, s, h = self.grid()
        gamma = self._angle(tau_q)
        speed = self.burnout_speed_m_s * tau_q * tau_q
        return (
            np.interp(tau_q, tau, s),
            np.interp(tau_q, tau, h),
            speed * np.cos(gamma),
            speed * np.sin(gamma),
        )
