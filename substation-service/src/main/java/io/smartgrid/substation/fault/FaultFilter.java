package io.smartgrid.substation.fault;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import io.smartgrid.http.edge.StatusProblems;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Applies a simulated hang or error to the balancer-facing endpoints ({@code /sessions/**}, {@code /load}) only:
 * the admin endpoint and the actuator keep answering, so the operator can always heal a hang or an error.
 */
class FaultFilter extends OncePerRequestFilter {

    private final Faults faults;

    FaultFilter(Faults faults) {
        this.faults = faults;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        return !(path.equals("/load") || path.equals("/sessions") || path.startsWith("/sessions/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        FaultMode mode = faults.mode();
        if (mode == FaultMode.HANG) {
            try {
                faults.holdWhileHanging();
            }
            catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            // Whoever waited has long given up: failing, rather than admitting late, keeps the books straight.
            StatusProblems.write(response, HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
            return;
        }
        if (mode == FaultMode.ERROR) {
            StatusProblems.write(response, HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
            return;
        }
        chain.doFilter(request, response);
    }
}
